#if canImport(Glibc)
  import Glibc
#endif

/// glibc's `mallopt`, which Swift's Glibc module does not export.
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// Heap settings for a process that makes millions of small allocations and frees few.
enum MallocTuning {
  /// One arena (the worker thread then grows the main heap instead of mprotect-ing its own),
  /// grown 64 MiB at a time.
  static func apply() {
    #if os(Linux)
      _ = mallopt(-8, 1)  // M_ARENA_MAX
      _ = mallopt(-2, 64 << 20)  // M_TOP_PAD
      _ = mallopt(-3, 512 << 20)  // M_MMAP_THRESHOLD: large blocks stay in the heap
      _ = mallopt(-1, 1 << 30)  // M_TRIM_THRESHOLD: freed heap stays mapped
      // Huge pages only when asked for (NIXINV_HUGE_PAGES=1): see NixAllocator.c.
      if getenv("NIXINV_HUGE_PAGES").map({ $0.pointee == 0x31 }) ?? false { backHeapWithHugePages(bytes: 256 << 20) }
    #endif
  }

  /// Grows the heap once and asks for transparent huge pages on it: a big parse touches tens
  /// of megabytes of fresh memory, and one fault per 2 MiB costs far less than one per 4 KiB.
  /// Only address space is reserved; pages are committed when touched.
  static func backHeapWithHugePages(bytes: Int) {
    #if os(Linux)
      guard let block = malloc(bytes) else { return }
      let huge = 2 << 20
      let start = (Int(bitPattern: block) + huge - 1) & ~(huge - 1)
      let end = (Int(bitPattern: block) + bytes) & ~(huge - 1)
      if end > start, let p = UnsafeMutableRawPointer(bitPattern: start) {
        _ = madvise(p, end - start, 14)  // MADV_HUGEPAGE
      }
      free(block)
    #endif
  }
}
