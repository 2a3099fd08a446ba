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
    #endif
  }
}
