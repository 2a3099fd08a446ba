import NixLexer

/// Options of a parse.
public struct ParserOptions: Sendable {
  /// The names bound in the outermost scope (a caller can add `buildClan` and `lib`).
  public var globals: [String]
  /// The home directory for `~/…` paths; `nil` makes them an error (pure mode).
  public var homeDirectory: String?
  /// How deeply expressions may nest before the parser stops with an error.
  public var maxDepth: Int
  /// Whether to resolve variables and report undefined ones (done only on a clean parse).
  public var resolveVariables: Bool
  /// Files at least this many bytes long whose expression is an attribute set are parsed in
  /// pieces on two threads; by default (`Int.max`) none is. The tree and the errors are the
  /// same, but names first met in the pieces are numbered in whatever order the two threads
  /// meet them, and symbol numbers order attribute sets for an evaluator (which attribute
  /// `--strict` forces first, so which error it reports). Only a caller that does not depend
  /// on symbol numbers (printing the tree, which sorts names) should set it: `nixinv parse` uses
  /// ``ParserOptions/suggestedSplitThreshold``.
  public var splitThreshold: Int = .max
  /// The threshold worth setting (256 KiB): below it the second thread costs more than it saves.
  public static let suggestedSplitThreshold = 256 << 10
  /// How many tokens the lexer runs ahead of the parser at a time. Only tests change it: a
  /// large top-level set is cut into pieces only where the lexer has not yet been, so a small
  /// batch lets a small file be parsed in pieces.
  public var lexingBatch: Int = TokenBuffer.defaultBatch

  /// The defaults: Nix's global names, no home directory, 10,000 levels, variables resolved.
  public init(
    globals: [String] = NixGlobals.names, homeDirectory: String? = nil, maxDepth: Int = 10_000,
    resolveVariables: Bool = true
  ) {
    self.globals = globals
    self.homeDirectory = homeDirectory
    self.maxDepth = maxDepth
    self.resolveVariables = resolveVariables
  }
}

/// What a parse produced: the tree (when the file had no errors) and every diagnostic.
public struct ParseResult: Sendable {
  /// The expression; `nil` when any error was found.
  public let expression: Expr?
  /// Every problem found, in source order.
  public let diagnostics: [Diagnostic]
  /// The tree as far as it could be built, even with errors (for tools that want a best effort).
  public let recoveredExpression: Expr?
  /// How many pieces of a large top-level set were parsed ahead on their own and used (see
  /// ``ParserOptions/splitThreshold``); 0 for most files.
  public var piecesTaken = 0
}

/// Parses a whole Nix file.
///
/// The lexer runs first; then a recursive-descent parser with precedence climbing builds the
/// tree, merging nested attribute paths and reporting duplicates as Nix does; finally, on a
/// clean parse, the ``Binder`` resolves variables and reports undefined ones.
public func parse(_ file: SourceFile, symbols: SymbolTable, options: ParserOptions = ParserOptions()) -> ParseResult {
  // Interned now, so that resolving variables later only reads the table.
  for name in options.globals { _ = symbols.intern(name) }
  let (expr, parsed, pieces) = file.bytes.withUnsafeBufferPointer { buffer in
    let tokens = TokenBuffer(source: buffer, file: file.id, keepsAll: false, batch: options.lexingBatch)
    let parser = Parser(file: file, tokens: tokens, symbols: symbols, options: options)
    parser.base = buffer.baseAddress
    let expr = parser.parseFile()
    parser.finishLexing()
    parser.base = nil
    return (expr, parser.lexicalDiagnostics + parser.diagnostics, parser.piecesTaken)
  }
  var diagnostics = parsed
  if diagnostics.isEmpty, options.resolveVariables {
    diagnostics = resolveVariables(in: expr, file: file, symbols: symbols, globals: options.globals)
  }
  diagnostics.sort { ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end) }
  var result = ParseResult(
    expression: diagnostics.contains { $0.severity == .error } ? nil : expr,
    diagnostics: diagnostics, recoveredExpression: expr)
  result.piecesTaken = pieces
  return result
}

/// The parser's state: the token array, a cursor, and collected diagnostics.
///
/// A class, so that the many small recursive calls share one state without copies.
/// Conventions (after swift-syntax): `at`/`peek` only look; `eat`/`expect` consume; a `parseX`
/// function returns an X node and never fails: on an error it records a diagnostic, makes up
/// a node and carries on, so that one run reports every error in a file.
final class Parser {
  let file: SourceFile
  /// The file's bytes, held here so that reading a token's text is one slice.
  let bytes: [UInt8]
  let fileID: SourceFileID
  /// The tokens, lexed as they are asked for.
  var tokens: TokenBuffer
  /// How many tokens are known to be readable without asking the buffer.
  var available = 0
  /// Lexical errors of token buffers left behind (see ``take(_:into:)``).
  var earlierLexicalDiagnostics: [Diagnostic] = []
  /// Whether cutting a set into pieces was considered already (only the top-level set is cut).
  var triedSplit = false
  /// How many pieces were used.
  var piecesTaken = 0
  /// For the parser of a piece of a set (see ``SetPieces``): the signal to stop early.
  var cancellation: SetPieces? = nil
  let symbols: SymbolTable
  let options: ParserOptions
  var index = 0
  var diagnostics: [Diagnostic] = []
  /// Current nesting (recursive calls plus left-folded operator chains).
  var depth = 0
  /// Set once nesting went too deep: everything after unwinds quickly.
  var abandoned = false
  /// Whether we are parsing the value of an attribute (application then stops before `x =`).
  var inBindingValue = 0
  /// The symbol (plus one; 0: not yet known) of each identifier spelling the lexer numbered.
  var symbolOfNumber: [UInt32] = [0]
  /// `__curPos`, which is not a variable but the position of the expression.
  let curPosSymbol: Symbol

  init(file: SourceFile, tokens: TokenBuffer, symbols: SymbolTable, options: ParserOptions) {
    self.curPosSymbol = symbols.intern("__curPos")
    self.file = file
    self.bytes = file.bytes
    self.fileID = file.id
    self.tokens = tokens
    self.symbols = symbols
    self.options = options
  }

  // MARK: - Looking

  /// The token at `i`, waiting for the lexer if it is not there yet; `eof` past the end.
  @inline(__always) func token(_ i: Int) -> Token {
    if i < available { return tokens[i] }
    return slowToken(i)
  }

  /// ``token(_:)`` when `i` is beyond what is known to be readable: lexes further.
  @inline(never) func slowToken(_ i: Int) -> Token {
    if let cancellation, cancellation.cancelled.load(ordering: .relaxed) {
      // The piece is no longer wanted: unwind as after a fatal error.
      abandoned = true
      return Token(.eof, start: UInt32(bytes.count), end: UInt32(bytes.count))
    }
    available = tokens.fill(through: i, keepingFrom: index - 1)
    return i < available ? tokens[i] : tokens[available - 1]
  }

  /// The index of the final `eof` token (lexes to the end).
  func lastIndex() -> Int {
    available = tokens.fillAll()
    return available - 1
  }

  /// Lexes what the parse did not reach, so that every lexical error is reported.
  func finishLexing() { available = tokens.fillAll() }

  /// Every lexical error of the file.
  var lexicalDiagnostics: [Diagnostic] { earlierLexicalDiagnostics + tokens.diagnostics }

  /// The current token.
  @inline(__always) var current: Token { token(index) }

  /// The kind of the current token.
  @inline(__always) var kind: TokenKind { token(index).kind }

  /// Whether the current token is of `kind`.
  @inline(__always) func at(_ kind: TokenKind) -> Bool { token(index).kind == kind }

  /// The kind of the token `offset` places ahead (eof past the end).
  @inline(__always) func peek(_ offset: Int = 1) -> TokenKind { token(index + offset).kind }

  /// The span of a token.
  @inline(__always) func span(_ token: Token) -> Span { token.span(in: fileID) }

  /// The span of the current token.
  var currentSpan: Span { span(current) }

  /// The span from `start` to the end of the previous token.
  func span(from start: Span) -> Span {
    let previousEnd = index > 0 ? token(index - 1).end : start.start
    return Span(file: fileID, start: start.start, end: max(start.end, previousEnd))
  }

  /// The bytes of a token.
  func text(_ token: Token) -> ArraySlice<UInt8> { bytes[Int(token.start)..<Int(token.end)] }

  /// The file's bytes while ``parseFile()`` runs (set by ``parse(_:symbols:options:)``).
  var base: UnsafePointer<UInt8>? = nil

  /// The symbol a name token spells, read straight from the file's bytes.
  @inline(__always) func internName(_ token: Token) -> Symbol {
    let number = Int(token.nameNumber)
    if number != 0 {
      if number < symbolOfNumber.count, symbolOfNumber[number] != 0 { return Symbol(id: symbolOfNumber[number] - 1) }
      return internNumbered(token, number)
    }
    return internSpelling(token)
  }

  /// ``internName(_:)`` for a spelling met for the first time: interned, and remembered by number.
  @inline(never) func internNumbered(_ token: Token, _ number: Int) -> Symbol {
    let symbol = internSpelling(token)
    if number >= symbolOfNumber.count {
      symbolOfNumber.append(contentsOf: repeatElement(0, count: max(number + 1 - symbolOfNumber.count, symbolOfNumber.count)))
    }
    symbolOfNumber[number] = symbol.id + 1
    return symbol
  }

  /// The symbol of a token's bytes.
  @inline(__always) func internSpelling(_ token: Token) -> Symbol {
    guard let base else { return symbols.intern(text(token)) }
    let buffer = UnsafeBufferPointer(start: base + Int(token.start), count: Int(token.end - token.start))
    return symbols.intern(buffer: buffer)
  }

  // MARK: - Consuming

  /// Moves past the current token (never past `eof`) and returns it.
  @discardableResult
  @inline(__always) func advance() -> Token {
    let t = token(index)
    if t.kind != .eof { index += 1 }
    return t
  }

  /// Consumes the current token if it is of `kind`.
  func eat(_ kind: TokenKind) -> Token? {
    at(kind) ? advance() : nil
  }

  /// Consumes a token of `kind`, or reports what was found instead and consumes nothing.
  @discardableResult
  func expect(_ kind: TokenKind, _ expecting: String? = nil, opening: (String, Span)? = nil) -> Bool {
    if at(kind) {
      advance()
      return true
    }
    var notes: [Diagnostic.Note] = []
    if let (what, where_) = opening { notes.append(.init("to match this \(what)", at: where_)) }
    report(.unexpected(found: self.kind, expecting: expecting ?? kind.displayName), at: currentSpan, notes: notes)
    return false
  }

  // MARK: - Reporting

  /// Records a diagnostic (at most one per position, to keep cascades out).
  func report(_ message: ParseMessage, at span: Span, notes: [Diagnostic.Note] = [], help: String? = nil) {
    if abandoned, case .nestingTooDeep = message {} else if abandoned { return }
    if let last = diagnostics.last, last.span.start == span.start, last.code == "E0101" || message.code == "E0101" {
      return
    }
    diagnostics.append(Diagnostic(code: message.code, message: message.text, span: span, notes: notes, help: help))
    // A file that is not Nix at all would yield an error per token: stop after enough.
    if diagnostics.count >= Self.maxErrors {
      diagnostics.append(
        Diagnostic(code: ParseMessage.tooManyErrors(Self.maxErrors).code, message: ParseMessage.tooManyErrors(Self.maxErrors).text, span: span))
      abandoned = true
      index = lastIndex()
    }
  }

  /// How many errors one file reports before the parser gives up.
  static let maxErrors = 50

  /// `FILE:LINE:COL` of a span, for messages that name a second position.
  func position(_ span: Span) -> String { "\(file.name):\(file.location(of: span.start))" }

  /// A placeholder for an expression that could not be parsed.
  func missing(at span: Span) -> Expr { .string(StringLiteral([], span: span)) }

  // MARK: - Nesting

  /// Enters one level of nesting; false (after reporting once) when the limit is reached.
  func enter() -> Bool {
    if abandoned { return false }
    depth += 1
    if depth > options.maxDepth {
      report(.nestingTooDeep(limit: options.maxDepth), at: currentSpan)
      abandoned = true
      index = lastIndex()
      return false
    }
    return true
  }

  /// Leaves one level of nesting.
  func leave() { depth -= 1 }

  // MARK: - Entry

  /// Parses the whole file: one expression, then the end of the input.
  func parseFile() -> Expr {
    let expr = parseExpr()
    // Anything after a complete expression is an error; report it and keep parsing what
    // follows, so that later errors are found too.
    while !at(.eof), !abandoned {
      let before = index
      report(.unexpected(found: kind, expecting: "end of file"), at: currentSpan)
      advance()
      if at(.eof) { break }
      if TokenSets.startsExpression(kind) { _ = parseExpr() }
      if index == before { advance() }
    }
    return expr
  }
}

/// Sets of token kinds the parser asks about.
enum TokenSets {
  /// Tokens that begin a simple expression (an argument of an application, a list element).
  static func startsSimple(_ kind: TokenKind) -> Bool {
    switch kind {
    case .identifier, .integer, .float, .stringOpen, .indStringOpen, .path, .homePath, .searchPath, .uri,
      .leftParen, .leftBrace, .leftBracket, .kwRec:
      true
    default: false
    }
  }

  /// Tokens that begin any expression.
  static func startsExpression(_ kind: TokenKind) -> Bool {
    if startsSimple(kind) { return true }
    switch kind {
    case .kwLet, .kwIf, .kwWith, .kwAssert, .bang, .minus: return true
    default: return false
    }
  }

  /// Tokens that close a construct; recovery stops at them instead of skipping them.
  static func isCloser(_ kind: TokenKind) -> Bool {
    switch kind {
    case .semicolon, .rightBrace, .rightParen, .rightBracket, .kwIn, .kwThen, .kwElse, .eof, .comma,
      .stringClose, .indStringClose:
      true
    default: false
    }
  }
}
