import CKernels

/// How the process allocates memory.
public enum Allocator {
    /// Keeps freed buffers of up to 32 MiB in the heap for reuse (up to 256 MiB kept) instead of
    /// returning each to the system (glibc's `mallopt`). libwebp allocates and frees buffers of
    /// several megabytes for every frame it encodes; glibc gives such buffers fresh pages of their
    /// own by default, and faulting them in cost more than the encoding of small frames: 0.6–0.7 s
    /// of system time in a 2.8 s redraw of the demo as GIF and WebP, 0.07–0.09 s with this (2.2 s
    /// in all). The `flipbook` command and `flipbook-bench` call it first.
    public static func keepLargeBuffers() {
        flipbook_keep_large_buffers()
    }
}
