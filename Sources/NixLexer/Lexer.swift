/// Nix's lexer, hand-written over UTF-8 bytes.
///
/// It follows the rules of Nix's own (flex) lexer: at each position the longest match wins,
/// ties going to the earlier rule, so `a/b` is a path, `a-b` an identifier and `1e3` the
/// integer `1` followed by the identifier `e3`. A stack of modes tracks where the cursor is:
///
/// - `normal`: expressions; `{` and `${` push another `normal`, `}` pops.
/// - `string`: inside `"…"`; `${` pushes `normal`.
/// - `indentedString`: inside `''…''`.
/// - `path` / `pathAfterSlash`: right after a path token, where `${…}` and more path text may
///   follow; any other byte ends the path with an empty ``TokenKind/pathEnd`` token.
///
/// The lexer never fails: bytes that start no token become ``TokenKind/invalid`` tokens, and
/// problems such as an unterminated comment become diagnostics.
public enum Lexer {
  /// Splits a file into tokens.
  public static func tokenize(_ file: SourceFile) -> TokenStream {
    file.bytes.withUnsafeBufferPointer { bytes in
      let buffer = TokenBuffer(source: bytes, file: file.id)
      return TokenStream(tokens: buffer.tokens, diagnostics: buffer.diagnostics)
    }
  }
}

/// Where the lexer is: see ``Lexer``.
enum LexerMode {
  case normal
  case string
  case indentedString
  case path
  case pathAfterSlash
}

/// The lexer's working state over one buffer.
final class Cursor {
  let src: UnsafeBufferPointer<UInt8>
  let file: SourceFileID
  let end: Int
  /// ``ByteClass/table``, held here so that the hot loops do not touch a lazy global.
  let classes: UnsafePointer<UInt8>
  /// ``Cursor/punctuationTable``, held here for the same reason.
  let punctuation: UnsafePointer<UInt8>
  var pos = 0
  /// The last run of path characters scanned (see `pathSlashFollowsRun`).
  var pathRunStart = 0
  var pathRunEnd = 0
  /// The last run of URI scheme characters scanned (see `schemeColonFollows`).
  var schemeRunStart = 0
  var schemeRunEnd = 0
  /// The current mode, and the modes to return to (the outermost `normal` is never left).
  var mode: LexerMode = .normal
  var outerModes: [LexerMode] = []
  /// Where tokens go, and how many have been written.
  var slots: UnsafeMutablePointer<Token>
  var mask: Int
  var count = 0
  /// Where to stop before (see ``TokenBuffer/stopBefore(offset:)``), and what was found there.
  var stopOffset = Int.max
  var stoppedIndex: Int? = nil
  var stoppedExactly = false
  /// The token count at which the current batch ends.
  var limit = 0
  var diagnostics: [Diagnostic] = []
  /// The numbers of identifier spellings (see ``Token/nameNumber``).
  var names = NameNumbers()

  deinit { names.deallocate() }

  init(source: UnsafeBufferPointer<UInt8>, file: SourceFileID, slots: UnsafeMutablePointer<Token>, mask: Int) {
    self.src = source
    self.file = file
    self.end = source.count
    self.classes = ByteClass.pointer
    self.punctuation = Cursor.punctuationTable
    self.slots = slots
    self.mask = mask
  }


  // MARK: - Primitives

  /// The byte at `offset`, or 0 past the end (0 starts no token and is in no class).
  @inline(__always) func byte(_ offset: Int) -> UInt8 { offset < end ? src[offset] : 0 }

  /// Whether `offset` holds a byte in `flag`'s class.
  @inline(__always) func isClass(_ offset: Int, _ flag: UInt8) -> Bool {
    offset < end && classes[Int(src[offset])] & flag != 0
  }

  /// Appends a token covering `start..<end`.
  @inline(__always) func emit(_ kind: TokenKind, _ start: Int, _ stop: Int, flags: UInt8 = 0) {
    let nameNumber = kind == .identifier ? names.number(src, start, stop - start) : 0
    slots[count & mask] = Token(kind, start: UInt32(start), end: UInt32(stop), flags: flags, nameNumber: nameNumber)
    count += 1
  }

  /// Records a lexical error.
  func report(_ code: String, _ message: String, _ start: Int, _ stop: Int) {
    diagnostics.append(
      Diagnostic(
        code: code, message: message,
        span: Span(file: file, start: UInt32(start), end: UInt32(stop))))
  }

  /// Leaves the current mode, never the outermost one.
  func popMode() {
    if let outer = outerModes.popLast() { mode = outer }
  }

  /// Enters `newMode`, to return to the current one at the matching ``popMode()``.
  @inline(__always) func pushMode(_ newMode: LexerMode) {
    outerModes.append(mode)
    mode = newMode
  }

  // MARK: - Driver

  /// Lexes until `count` reaches `limit` (or a stop, see ``stopBefore()``); false once the
  /// input is done (the last token is always `eof`).
  func run(until limit: Int) -> Bool {
    self.limit = limit
    while count < self.limit {
      let more: Bool
      switch mode {
      case .normal: more = lexNormal()
      case .string: more = lexString()
      case .indentedString: more = lexIndentedString()
      case .path, .pathAfterSlash: more = lexPath()
      }
      if !more { return false }
    }
    return true
  }

  /// Ends the batch before the token about to start at `pos`, recording whether it starts
  /// exactly at the stop offset directly inside a top-level set's braces.
  @inline(never) func stopBefore() {
    stoppedIndex = count
    stoppedExactly = pos == stopOffset && mode == .normal && outerModes.count == 1 && outerModes[0] == .normal
    stopOffset = Int.max
    limit = count
  }

  /// Emits `eof` at the end of the input and stops.
  func finish() -> Bool {
    emit(.eof, end, end)
    return false
  }
}
