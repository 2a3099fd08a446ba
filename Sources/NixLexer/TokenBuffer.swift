/// The tokens of a source, lexed on demand by the thread that reads them.
///
/// A reader asks for token `i` with ``fill(through:keepingFrom:)``; the lexer then runs a
/// batch of a few thousand tokens ahead and stops, so that lexing and parsing alternate on one
/// thread and the tokens are read while they are still in the cache.
///
/// A parser only looks a few tokens back and ahead, so its buffer is a ring of a few thousand
/// slots (grown if a lookahead ever needs more): a big file's tokens never all exist at once.
/// A buffer that keeps every token (``init(source:file:from:insideBraces:keepsAll:)``) is
/// sized for the worst case, of which only the part written is touched.
///
/// A buffer can start in the middle of a file, inside the braces of an attribute set: that is
/// how a large file is parsed in pieces. The bytes in `source` must stay valid while the
/// buffer lexes.
public final class TokenBuffer: @unchecked Sendable {
  /// The slots: token `i` is at `i & mask`.
  private(set) var storage: UnsafeMutablePointer<Token>
  private(set) var mask: Int
  /// Whether every token is kept (the ring never wraps).
  let keepsAll: Bool
  /// How many tokens have been lexed.
  public private(set) var count = 0
  /// The lexer, until it has written `eof`.
  private var cursor: Cursor?
  /// Lexical diagnostics once the lexer has finished.
  private var finalDiagnostics: [Diagnostic] = []

  /// How many tokens one fill lexes beyond what was asked: enough to make the call rare, few
  /// enough that the batch is still in the cache when it is read.
  public static let defaultBatch = 2048
  /// This buffer's batch (tests use small ones, so that small files behave as large ones).
  let batch: Int
  /// The slots of a ring: four batches.
  static let ringSize = 8192

  /// A buffer for the tokens of `source` from byte `start` on. With `insideBraces`, lexing
  /// starts as if just after the `{` of a set (so that its `}` is read as closing it). Without
  /// `keepsAll`, only the tokens a reader may still ask for are kept. `batch` is how many
  /// tokens the lexer runs ahead of the reader (at least 1).
  public init(
    source: UnsafeBufferPointer<UInt8>, file: SourceFileID, from start: Int = 0, insideBraces: Bool = false,
    keepsAll: Bool = true, batch: Int = TokenBuffer.defaultBatch
  ) {
    self.keepsAll = keepsAll
    self.batch = max(1, batch)
    var size = Self.ringSize
    if keepsAll {
      // Each token but `eof` and the empty end of a path covers at least one byte.
      let worstCase = 2 * max(0, source.count - start) + 2
      while size < worstCase { size *= 2 }
    }
    storage = .allocate(capacity: size)
    mask = size - 1
    let cursor = Cursor(source: source, file: file, slots: storage, mask: mask)
    cursor.pos = start
    if insideBraces { cursor.pushMode(.normal) }
    self.cursor = cursor
  }

  deinit { storage.deallocate() }

  /// Makes token `index` readable (or every token, when the input ends before it), keeping
  /// the tokens from `oldest` on; returns the number of tokens lexed.
  public func fill(through index: Int, keepingFrom oldest: Int) -> Int {
    guard let cursor else { return count }
    var limit = max(index + 1, count + batch)
    if !keepsAll {
      let oldest = max(0, min(oldest, count))
      if index + 1 - oldest > mask + 1 { grow(toHold: index + 1 - oldest + batch) }
      limit = min(limit, oldest + mask + 1)
    }
    // A stop (see ``stopBefore(offset:)``) may end a batch early: go on if `index` is not there yet.
    while run(cursor, until: limit) <= index, self.cursor != nil {}
    return count
  }

  /// Lexes to the end (a ring keeps only the last tokens); returns the number of tokens.
  public func fillAll() -> Int {
    while let cursor { _ = run(cursor, until: keepsAll ? Int.max : count + mask + 1) }
    return count
  }

  private func run(_ cursor: Cursor, until limit: Int) -> Int {
    let more = cursor.run(until: limit)
    count = cursor.count
    if splitPoint == nil, let stopped = cursor.stoppedIndex { splitPoint = (stopped, cursor.stoppedExactly) }
    if !more {
      finalDiagnostics = cursor.diagnostics
      self.cursor = nil
    }
    return count
  }

  /// Makes the ring big enough for `needed` tokens, keeping the last ones.
  private func grow(toHold needed: Int) {
    var size = (mask + 1) * 2
    while size < needed { size *= 2 }
    let bigger = UnsafeMutablePointer<Token>.allocate(capacity: size)
    for i in max(0, count - mask - 1)..<count { bigger[i & (size - 1)] = storage[i & mask] }
    storage.deallocate()
    storage = bigger
    mask = size - 1
    cursor?.slots = bigger
    cursor?.mask = mask
  }

  /// Whether the lexer has written `eof`.
  public var isFinished: Bool { cursor == nil }

  /// The lexical errors found so far (all of them once ``isFinished``).
  public var diagnostics: [Diagnostic] { cursor?.diagnostics ?? finalDiagnostics }

  /// The token at `index` (which must be lexed and still kept).
  @inline(__always) public subscript(index: Int) -> Token { storage[index & mask] }

  /// All tokens as an array (lexes to the end first; only for a buffer that keeps all).
  public var tokens: [Token] {
    precondition(keepsAll, "a ring of tokens does not keep them all")
    return Array(UnsafeBufferPointer(start: storage, count: fillAll()))
  }

  // MARK: - Stopping at a split point

  /// Asks the lexer to stop a batch before the first token that starts at or after byte
  /// `offset`, and to record there whether it stands exactly at `offset` directly inside the
  /// braces of a top-level set (see ``splitPoint``).
  public func stopBefore(offset: Int) { cursor?.stopOffset = offset }

  /// Where the lexer stopped for ``stopBefore(offset:)``: the index of the first token at or
  /// after the offset, and whether that token starts exactly there with the lexer in the
  /// state a buffer made with `insideBraces` starts in.
  public private(set) var splitPoint: (index: Int, exact: Bool)? = nil
}
