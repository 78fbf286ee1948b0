import CKernels

/// How the process allocates memory.
public enum Allocator {
    /// Keeps freed buffers of up to 32 MiB in the heap for reuse (up to 256 MiB kept) instead of
    /// returning each to the system (glibc's `mallopt`). Every frame allocates and frees canvases
    /// and encoder buffers of a few hundred kB to a few MB, over glibc's default threshold, which
    /// gives each fresh pages to fault in. Redrawing the demo as GIF and WebP took 1.65–1.68 s
    /// (0.27–0.32 s of it system time) without this and 1.48–1.54 s (0.09–0.10 s) with it; with
    /// libwebp's encoder, before `VP8LEncoder`, the difference was 2.8 against 2.3–2.6 s. The
    /// `flipbook` command and `flipbook-bench` call it first.
    public static func keepLargeBuffers() {
        flipbook_keep_large_buffers()
    }
}
