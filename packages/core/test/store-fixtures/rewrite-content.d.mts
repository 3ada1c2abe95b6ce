export function contentFor(seq: number, size: number): string;
