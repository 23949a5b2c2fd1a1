// @peculiar/x509 resolves its algorithm registry through tsyringe, which needs the Reflect
// metadata API at load time. Importing the polyfill first, in this one module, guarantees the
// order; every device-CA file imports x509 from here rather than from the package directly.
import 'reflect-metadata';

export * from '@peculiar/x509';
