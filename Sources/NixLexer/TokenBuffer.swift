import Synchronization

/// Tokens written by a lexer and read by a parser, possibly on two threads at once.
///
/// The lexer appends into preallocated storage (a file of N bytes has at most N + 1 tokens, so
/// the storage never moves) and publishes the count every few thousand tokens with release
/// ordering; a reader asks for token `i` and waits only when the lexer has not got there yet.
/// Run on one thread, the same buffer is simply filled first and read afterwards.
public final class TokenBuffer: @unchecked Sendable {
  /// The tokens; slots below ``publishedCount`` are final.
  let storage: UnsafeMutablePointer<Token>
  let capacity: Int
  private let published = Atomic<Int>(0)
  private let done = Atomic<Bool>(false)
  /// Lexical diagnostics; complete once ``isFinished``.
  public internal(set) var diagnostics: [Diagnostic] = []

  /// A buffer for the tokens of a source of `byteCount` bytes.
  public init(byteCount: Int) {
    capacity = byteCount + 2
    storage = .allocate(capacity: capacity)
  }

  deinit { storage.deallocate() }

  /// How many tokens are final and readable.
  public var publishedCount: Int { published.load(ordering: .acquiring) }

  /// Whether the lexer has written everything (the last token is `eof`).
  public var isFinished: Bool { done.load(ordering: .acquiring) }

  /// Makes the first `count` tokens readable.
  func publish(_ count: Int) { published.store(count, ordering: .releasing) }

  /// Marks the end of lexing, after the final `publish`.
  func finish(_ count: Int, diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
    published.store(count, ordering: .releasing)
    done.store(true, ordering: .releasing)
  }

  /// Waits until token `index` is readable, or lexing is over; returns the readable count.
  public func waitFor(_ index: Int) -> Int {
    var spins = 0
    while true {
      let count = published.load(ordering: .acquiring)
      if index < count { return count }
      if done.load(ordering: .acquiring) { return published.load(ordering: .acquiring) }
      spins += 1
      if spins > 64 { sched_yield() }
    }
  }

  /// Waits for the lexer to finish; returns the number of tokens.
  public func waitUntilFinished() -> Int {
    while !done.load(ordering: .acquiring) { sched_yield() }
    return published.load(ordering: .acquiring)
  }

  /// The token at `index` (which must be readable).
  @inline(__always) public subscript(index: Int) -> Token { storage[index] }

  /// All tokens as an array (for tests and tools; waits for the end).
  public var tokens: [Token] {
    let count = waitUntilFinished()
    return Array(UnsafeBufferPointer(start: storage, count: count))
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
