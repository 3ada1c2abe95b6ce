/**
 * config.json as docker-machine writes it (ConfigVersion 3). Key names and order match docker-machine
 * so a store is shared both ways; see the reference §4.3.
 */
import type { DriverConfig } from '@berth/driver-sdk';

export const CONFIG_VERSION = 3;
export const DEFAULT_ENGINE_INSTALL_URL = 'https://get.docker.com';
export const DEFAULT_SWARM_IMAGE = 'swarm:latest';
export const DEFAULT_SWARM_HOST = 'tcp://0.0.0.0:3376';
export const DEFAULT_SWARM_STRATEGY = 'spread';

export interface EngineOptions {
  ArbitraryFlags: string[] | null;
  Dns: string[] | null;
  GraphDir: string;
  Env: string[] | null;
  Ipv6: boolean;
  InsecureRegistry: string[] | null;
  Labels: string[] | null;
  LogLevel: string;
  StorageDriver: string;
  SelinuxEnabled: boolean;
  TlsVerify: boolean;
  RegistryMirror: string[] | null;
  InstallURL: string;
}

export interface SwarmOptions {
  IsSwarm: boolean;
  Address: string;
  Discovery: string;
  Agent: boolean;
  Master: boolean;
  Host: string;
  Image: string;
  Strategy: string;
  Heartbeat: number;
  Overcommit: number;
  ArbitraryFlags: string[] | null;
  ArbitraryJoinFlags: string[] | null;
  Env: string[] | null;
  IsExperimental: boolean;
}

export interface AuthOptions {
  CertDir: string;
  CaCertPath: string;
  CaPrivateKeyPath: string;
  CaCertRemotePath: string;
  ServerCertPath: string;
  ServerKeyPath: string;
  ClientKeyPath: string;
  ServerCertRemotePath: string;
  ServerKeyRemotePath: string;
  ClientCertPath: string;
  ServerCertSANs: string[] | null;
  StorePath: string;
}

export interface HostOptions {
  Driver: string;
  Memory: number;
  Disk: number;
  EngineOptions: EngineOptions;
  SwarmOptions: SwarmOptions;
  AuthOptions: AuthOptions;
}

export interface MachineRecord {
  ConfigVersion: number;
  Driver: DriverConfig;
  DriverName: string;
  HostOptions: HostOptions;
  Name: string;
}
