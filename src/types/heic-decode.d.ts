// heic-decode ships no types; this is the part of its API the service uses.
declare module 'heic-decode' {
  interface DecodedImage {
    readonly width: number;
    readonly height: number;
    readonly data: Uint8ClampedArray;
  }
  interface HeifImage {
    readonly width: number;
    readonly height: number;
    decode(): Promise<DecodedImage>;
  }
  interface HeifImages extends ReadonlyArray<HeifImage> {
    dispose(): void;
  }
  function decode(input: { buffer: Uint8Array }): Promise<DecodedImage>;
  namespace decode {
    function all(input: { buffer: Uint8Array }): Promise<HeifImages>;
  }
  export default decode;
}
