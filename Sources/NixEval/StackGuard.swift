#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

#if os(Linux)
  /// glibc's `pthread_getattr_np` (a GNU extension the Glibc module does not export).
  @_silgen_name("pthread_getattr_np")
  private func getThreadAttributes(_ thread: pthread_t, _ attr: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif

/// Knows where the current thread's stack ends, so that deep recursion in user code becomes
/// "stack overflow (possible infinite recursion)" instead of a segmentation fault, whatever
/// the stack size and the build's frame sizes.
struct StackGuard {
  /// The lowest stack address evaluation may reach (the stack grows down).
  let limit: UInt

  /// Room kept free below the limit for the error path and runtime calls.
  static let reserve: UInt = 512 * 1024

  /// The guard of the calling thread.
  static func current() -> StackGuard {
    #if os(Linux)
      var attr = pthread_attr_t()
      if getThreadAttributes(pthread_self(), &attr) == 0 {
        defer { pthread_attr_destroy(&attr) }
        var address: UnsafeMutableRawPointer? = nil
        var size = 0
        if pthread_attr_getstack(&attr, &address, &size) == 0, let address {
          return stack(low: UInt(bitPattern: address), size: UInt(size), here: approximateStackPointer())
        }
      }
    #endif
    let here = approximateStackPointer()
    return StackGuard(limit: here - min(here, 4 * 1024 * 1024))
  }

  /// The guard of a stack of `size` bytes above `low`, seen from the address `here`. A local
  /// outside that stack (AddressSanitizer's fake stack frames live on the heap) means the stack
  /// cannot be measured: the guard never fires, and the depth limits alone protect it.
  static func stack(low: UInt, size: UInt, here: UInt) -> StackGuard {
    guard here > low, here - low <= size else { return StackGuard(limit: 0) }
    let usable = here - low
    return StackGuard(limit: low + min(reserve, usable / 4))
  }

  /// Whether the stack has reached the limit.
  @inline(__always) func exhausted() -> Bool {
    approximateStackPointer() < limit
  }
}

/// The address of a local variable: close to the stack pointer.
@inline(never) func approximateStackPointer() -> UInt {
  var marker: UInt8 = 0
  return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
}
