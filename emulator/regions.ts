/** The emulator's own view of AWS partitions (it imports nothing from the node). */
export function partitionOf(region: string): 'aws' | 'aws-us-gov' | 'aws-cn' {
	if (region.startsWith('us-gov-')) return 'aws-us-gov';
	if (region.startsWith('cn-')) return 'aws-cn';
	return 'aws';
}
