export declare const TRAEFIK_HEADERS: Record<string, string>;
