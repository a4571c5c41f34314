export declare function median(values: readonly number[]): number;
export declare function stats(values: readonly number[]): { median: number; p25: number; p75: number; min: number; max: number };
