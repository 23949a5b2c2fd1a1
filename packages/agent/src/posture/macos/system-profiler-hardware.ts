/** Parse `system_profiler SPHardwareDataType` (indented `Key: value` lines). */
export function parseSpHardware(stdout: string): { modelName?: string; modelIdentifier?: string; serialNumber?: string } {
  const get = (key: string) => new RegExp(`^\\s*${key.replace(/[()]/g, '\\$&')}:\\s*(.+)$`, 'm').exec(stdout)?.[1]?.trim();
  return { modelName: get('Model Name'), modelIdentifier: get('Model Identifier'), serialNumber: get('Serial Number (system)') };
}
