/// One token: its kind and the bytes it covers. Values (names, numbers, string contents)
/// are read from the source by whoever needs them; tokens are 16 bytes.
public struct Token: Hashable, Sendable {
  /// What the token is.
  public var kind: TokenKind
  /// Facts the lexer learnt while scanning the token.
  public var flags: UInt8
  /// The offset of its first byte.
  public var start: UInt32
  /// The offset just past its last byte.
  public var end: UInt32
  /// For an identifier: a number the lexer gave its spelling, the same for every token spelled
  /// alike in one file (1, 2, … in order of first appearance); 0 for every other token. The
  /// parser interns each spelling once instead of once per occurrence.
  public var nameNumber: UInt32

  /// `flags` bit: string text with a `\`, a carriage return or a NUL byte, which need unescaping
  /// (or an error); text without it is its own value.
  public static let needsUnescaping: UInt8 = 1

  /// Creates a token.
  public init(_ kind: TokenKind, start: UInt32, end: UInt32, flags: UInt8 = 0, nameNumber: UInt32 = 0) {
    self.kind = kind
    self.flags = flags
    self.start = start
    self.end = end
    self.nameNumber = nameNumber
  }

  /// Whether this string text needs unescaping (see ``needsUnescaping``).
  public var needsUnescaping: Bool { flags & Token.needsUnescaping != 0 }

  /// The token's span in `file`.
  public func span(in file: SourceFileID) -> Span { Span(file: file, start: start, end: end) }
}

/// The tokens of a file and the problems the lexer found.
public struct TokenStream: Sendable {
  /// Every token in order, ending with exactly one ``TokenKind/eof``.
  public var tokens: [Token]
  /// Lexical errors (unterminated comments, trailing slashes in paths, NUL bytes).
  public var diagnostics: [Diagnostic]
}
