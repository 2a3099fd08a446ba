/// The kinds of Nix tokens, grouped as Nix's lexer groups them.
public enum TokenKind: UInt8, Sendable, CaseIterable {
  // MARK: - Names and literals
  /// `foo`, `foo-bar`, `foo'`.
  case identifier
  /// `123` (the value is parsed by the parser, which reports overflow).
  case integer
  /// `1.5`, `.5`, `1.0e3` (Nix needs the dot: `1e3` is `1` applied to `e3`).
  case float
  /// `http://example.org`: a URI literal, a string.
  case uri
  /// `<nixpkgs>`, `<nixpkgs/lib>`.
  case searchPath

  // MARK: - Keywords
  case kwIf, kwThen, kwElse, kwAssert, kwWith, kwLet, kwIn, kwRec, kwInherit, kwOr
  /// `...` in a formal parameter set.
  case ellipsis

  // MARK: - Strings
  /// `"` opening a string.
  case stringOpen
  /// Text inside `"…"`, escapes not yet applied.
  case stringText
  /// `"` closing a string.
  case stringClose
  /// `''` (with an optional run of spaces and a newline) opening an indented string.
  case indStringOpen
  /// Raw text of an indented string; takes part in indentation stripping.
  case indStringText
  /// An escape of an indented string (`''$`, `'''`, `''\n`) or a lone `$` or `'`; does not.
  case indStringEscape
  /// `''` closing an indented string.
  case indStringClose
  /// `${` opening an interpolation (in strings, paths and attribute names).
  case interpolationOpen

  // MARK: - Paths
  /// `./a`, `/a/b`, `a/b`, `foo/` before `${`: the first part of a path.
  case path
  /// `~/a`: a path in the home directory.
  case homePath
  /// More literal path text after an interpolation (`./a/${x}/b` has `/b`).
  case pathText
  /// The empty token that ends a path.
  case pathEnd

  // MARK: - Operators and punctuation
  case equalEqual, bangEqual, lessEqual, greaterEqual, ampAmp, pipePipe, arrow, update, concat
  case plus, minus, star, slash, less, greater, bang, question
  case dot, at, colon, semicolon, comma, equal
  case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
  /// `|>` and `<|`: Nix's experimental pipe operators (recognised to report them).
  case pipeInto, pipeFrom

  // MARK: - End and errors
  /// The end of the input.
  case eof
  /// A byte sequence that starts no token (reported by the parser where it is met).
  case invalid

  /// How the token is named in messages (`'&&'`, `identifier`, `end of file`), as Nix names it.
  public var displayName: String {
    switch self {
    case .identifier: "identifier"
    case .integer: "integer"
    case .float: "floating-point literal"
    case .uri: "URI"
    case .searchPath: "'<…>' path"
    case .kwIf: "'if'"
    case .kwThen: "'then'"
    case .kwElse: "'else'"
    case .kwAssert: "'assert'"
    case .kwWith: "'with'"
    case .kwLet: "'let'"
    case .kwIn: "'in'"
    case .kwRec: "'rec'"
    case .kwInherit: "'inherit'"
    case .kwOr: "'or'"
    case .ellipsis: "'...'"
    case .stringOpen, .stringClose: "'\"'"
    case .stringText: "string content"
    case .indStringOpen: "start of an indented string"
    case .indStringText, .indStringEscape: "indented string content"
    case .indStringClose: "end of an indented string"
    case .interpolationOpen: "'${'"
    case .path: "path"
    case .homePath: "'~/…' path"
    case .pathText: "path content"
    case .pathEnd: "end of path"
    case .equalEqual: "'=='"
    case .bangEqual: "'!='"
    case .lessEqual: "'<='"
    case .greaterEqual: "'>='"
    case .ampAmp: "'&&'"
    case .pipePipe: "'||'"
    case .arrow: "'->'"
    case .update: "'//'"
    case .concat: "'++'"
    case .plus: "'+'"
    case .minus: "'-'"
    case .star: "'*'"
    case .slash: "'/'"
    case .less: "'<'"
    case .greater: "'>'"
    case .bang: "'!'"
    case .question: "'?'"
    case .dot: "'.'"
    case .at: "'@'"
    case .colon: "':'"
    case .semicolon: "';'"
    case .comma: "','"
    case .equal: "'='"
    case .leftBrace: "'{'"
    case .rightBrace: "'}'"
    case .leftParen: "'('"
    case .rightParen: "')'"
    case .leftBracket: "'['"
    case .rightBracket: "']'"
    case .pipeInto: "'|>'"
    case .pipeFrom: "'<|'"
    case .eof: "end of file"
    case .invalid: "invalid token"
    }
  }

  /// Whether this is a keyword (`if`, `then`, …, `or`).
  public var isKeyword: Bool {
    switch self {
    case .kwIf, .kwThen, .kwElse, .kwAssert, .kwWith, .kwLet, .kwIn, .kwRec, .kwInherit, .kwOr: true
    default: false
    }
  }
}
