import NixLexer

/// Runs work on a thread with a large stack and waits for it.
///
/// Parsing, and later evaluation, recurse as deeply as the input nests; the main thread's
/// 8 MiB would be exhausted long before the parser's own depth limit is reached, so the
/// command's work runs on a thread with room for every level the limits allow.
enum BigStack {
  /// The stack size: 1 GiB of address space (only the pages touched are ever committed).
  static let size = 1 << 30

  /// Runs `body` on a big-stack thread and returns its result.
  static func run(_ body: @escaping @Sendable () -> Int32) -> Int32 {
    final class Box: @unchecked Sendable { var value: Int32 = 0 }
    let box = Box()
    NativeThread.run(stackSize: size) { box.value = body() }
    return box.value
  }
}
