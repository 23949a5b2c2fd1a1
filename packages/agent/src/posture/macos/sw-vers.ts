/** Parse `sw_vers` (`ProductName:\tmacOS` / `ProductVersion:` / `BuildVersion:`). */
export function parseSwVers(stdout: string): { productName?: string; productVersion?: string; buildVersion?: string } {
  const get = (key: string) => new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(stdout)?.[1]?.trim();
  return { productName: get('ProductName'), productVersion: get('ProductVersion'), buildVersion: get('BuildVersion') };
}
