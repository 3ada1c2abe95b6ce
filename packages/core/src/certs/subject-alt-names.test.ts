import { describe, expect, it } from 'vitest';
import { caOrg, clientCertOrg, serverCertOrg } from './cert-orgs.js';
import { classifySubjectAltNames, serverCertHosts } from './subject-alt-names.js';

describe('serverCertHosts', () => {
  it('lists the --tls-san values, then the IP, then localhost', () => {
    expect(serverCertHosts({ ip: '192.168.99.100', extraSANs: ['docker.example', '10.0.0.5'] })).toEqual([
      'docker.example',
      '10.0.0.5',
      '192.168.99.100',
      'localhost',
    ]);
    expect(serverCertHosts({})).toEqual(['localhost']);
  });
});

describe('classifySubjectAltNames', () => {
  it('sends IP-looking entries to IP SANs and the rest to DNS SANs, keeping order', () => {
    expect(classifySubjectAltNames(['b.example', '10.0.0.5', 'a.example', '192.168.99.100', 'localhost'])).toEqual({
      ips: ['10.0.0.5', '192.168.99.100'],
      dnsNames: ['b.example', 'a.example', 'localhost'],
    });
  });

  it('drops duplicates, empty entries and compares IPv6 in canonical form', () => {
    expect(classifySubjectAltNames(['', '10.0.0.5', ' 10.0.0.5 ', 'LocalHost', 'localhost', '::1', '0:0::1', '[fd00::0001]', 'fd00::1'])).toEqual({
      ips: ['10.0.0.5', '::1', 'fd00::1'],
      dnsNames: ['LocalHost'],
    });
  });

  it('drops an IPv6 zone, which has no place in a certificate', () => {
    expect(classifySubjectAltNames(['fe80::1%eth0']).ips).toEqual(['fe80::1']);
  });
});

describe('organisations', () => {
  it('follows docker-machine: user, <user>.<bootstrap>, <user>.<machine>', () => {
    expect(caOrg('alice')).toBe('alice');
    expect(clientCertOrg('alice')).toBe('alice.<bootstrap>');
    expect(serverCertOrg('alice', 'dev')).toBe('alice.dev');
  });
});
