#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A POSIX thread with a chosen stack size, without Foundation (which costs a command-line run
/// several milliseconds to load).
///
/// The parser, the printer and the command-line tool use it to run deep recursion on a big
/// stack and to overlap independent work on the second core.
public final class NativeThread: @unchecked Sendable {
  private var thread: pthread_t
  private var joined = false

  /// The work and its completion, carried to the new thread.
  private final class Start {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }

  private init(thread: pthread_t) { self.thread = thread }

  /// Starts `body` on a new thread with `stackSize` bytes of stack; nil if the system refuses.
  public static func start(stackSize: Int, _ body: @escaping @Sendable () -> Void) -> NativeThread? {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    let context = Unmanaged.passRetained(Start(body)).toOpaque()
    #if canImport(Glibc)
      var thread = pthread_t()
    #else
      var thread: pthread_t? = nil
    #endif
    let status = pthread_create(
      &thread, &attributes,
      { raw in
        #if canImport(Glibc)
          let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
        #else
          let start = Unmanaged<Start>.fromOpaque(raw).takeRetainedValue()
        #endif
        start.body()
        return nil
      }, context)
    guard status == 0 else {
      Unmanaged<Start>.fromOpaque(context).release()
      return nil
    }
    #if canImport(Glibc)
      return NativeThread(thread: thread)
    #else
      return NativeThread(thread: thread!)
    #endif
  }

  /// Runs `body` on a thread with `stackSize` bytes of stack and waits for it; runs it on the
  /// calling thread if no thread can be started.
  public static func run(stackSize: Int, _ body: @escaping @Sendable () -> Void) {
    if let thread = start(stackSize: stackSize, body) {
      thread.join()
    } else {
      body()
    }
  }

  /// Waits for the thread to finish.
  public func join() {
    guard !joined else { return }
    joined = true
    pthread_join(thread, nil)
  }

  deinit {
    if !joined { pthread_detach(thread) }
  }
}
