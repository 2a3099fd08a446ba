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
    let buffer = TokenBuffer(byteCount: file.bytes.count)
    tokenize(file, into: buffer)
    return TokenStream(tokens: buffer.tokens, diagnostics: buffer.diagnostics)
  }

  /// Lexes `file` into `buffer`, publishing tokens as it goes (another thread may be reading).
  public static func tokenize(_ file: SourceFile, into buffer: TokenBuffer) {
    file.bytes.withUnsafeBufferPointer { bytes in
      let cursor = Cursor(source: bytes, file: file.id, output: buffer)
      cursor.run()
      buffer.finish(cursor.count, diagnostics: cursor.diagnostics)
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
  let output: TokenBuffer
  let slots: UnsafeMutablePointer<Token>
  var count = 0
  var diagnostics: [Diagnostic] = []
  /// The numbers of identifier spellings (see ``Token/nameNumber``).
  var names = NameNumbers()

  deinit { names.deallocate() }

  init(source: UnsafeBufferPointer<UInt8>, file: SourceFileID, output: TokenBuffer) {
    self.src = source
    self.file = file
    self.end = source.count
    self.classes = ByteClass.pointer
    self.output = output
    self.slots = output.storage
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
    // A file of N bytes has at most N + 1 tokens; the guard only keeps a bug from writing past.
    guard count < output.capacity else { return }
    let nameNumber = kind == .identifier ? names.number(src, start, stop - start) : 0
    slots[count] = Token(kind, start: UInt32(start), end: UInt32(stop), flags: flags, nameNumber: nameNumber)
    count += 1
    if count & 2047 == 0 { output.publish(count) }
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

  /// Lexes the whole buffer; the last token is always `eof`.
  func run() {
    while true {
      let more: Bool
      switch mode {
      case .normal: more = lexNormal()
      case .string: more = lexString()
      case .indentedString: more = lexIndentedString()
      case .path, .pathAfterSlash: more = lexPath()
      }
      if !more { break }
    }
  }

  /// Emits `eof` at the end of the input and stops.
  func finish() -> Bool {
    emit(.eof, end, end)
    return false
  }
}
