import NixLexer
import Testing

@testable import NixParser

/// Errors found while parsing and binding: their messages and where they point.
@Suite struct ParserErrorTests: ParserTesting {
  /// Where a diagnostic starts, as `LINE:COL`.
  func location(_ diagnostic: Diagnostic, in file: SourceFile) -> String {
    file.location(of: diagnostic.span.start).description
  }

  static let duplicates: [(String, String, String)] = [
    ("{ x = 1; x = 2; }", "attribute 'x' already defined at /dir/test.nix:1:3", "1:10"),
    ("{ a.b = 1; a.b = 2; }", "attribute 'a.b' already defined at /dir/test.nix:1:3", "1:12"),
    ("{ a = 1; a.b = 2; }", "attribute 'a' already defined at /dir/test.nix:1:3", "1:10"),
    ("{ a.b = 1; a = { b = 2; }; }", "attribute 'a.b' already defined at /dir/test.nix:1:3", "1:18"),
    ("{ a = { b = 1; }; a = { b = 2; }; }", "attribute 'a.b' already defined at /dir/test.nix:1:9", "1:25"),
    ("let a = 1; a = 2; in a", "attribute 'a' already defined at /dir/test.nix:1:5", "1:12"),
    ("rec { a = 1; \"a\" = 2; }", "attribute 'a' already defined at /dir/test.nix:1:7", "1:14"),
    ("x: { inherit x x; }", "attribute 'x' already defined at /dir/test.nix:1:14", "1:16"),
    ("x: { inherit x; x = 1; }", "attribute 'x' already defined at /dir/test.nix:1:14", "1:17"),
    ("{\n  a = 1;\n  a = 2;\n}", "attribute 'a' already defined at /dir/test.nix:2:3", "3:3"),
    // Current Nix merges nested set literals recursively and names the whole path.
    (
      "{ a = { b = { c = 1; }; }; a = { b = { c = 2; }; }; }",
      "attribute 'a.b.c' already defined at /dir/test.nix:1:15", "1:40"
    ),
  ]

  @Test(arguments: duplicates)
  func duplicateAttribute(_ src: String, _ message: String, _ at: String) {
    let (result, _, file) = ParserHarness.parse(src)
    #expect(result.expression == nil)
    #expect(result.diagnostics.map(\.message) == [message])
    if let first = result.diagnostics.first {
      #expect(location(first, in: file) == at)
      #expect(first.severity == .error)
    }
  }

  @Test func duplicateNotesTheFirstDefinition() throws {
    let (result, _, file) = ParserHarness.parse("{ x = 1; x = 2; }")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.notes.map(\.message) == ["first defined here"])
    #expect(diagnostic.notes.map { file.location(of: $0.span.start).description } == ["1:3"])
  }

  @Test(arguments: ["{ a, b, a }: a", "a@{ a }: a", "{ a } @ a: a", "{ a ? 1, a ? 2 }: a", "{ a, a, ... }: 1"])
  func duplicateFormal(_ src: String) {
    #expect(messages(src) == ["duplicate formal function argument 'a'"])
  }

  @Test(arguments: [
    ("x: y", "undefined variable 'y'"),
    ("a", "undefined variable 'a'"),
    ("{ a = 1; b = a; }", "undefined variable 'a'"),
    ("let inherit a; in a", "undefined variable 'a'"),
    ("(x: x) x", "undefined variable 'x'"),
    ("let f = x: y; in f", "undefined variable 'y'"),
    ("{ a ? b }: a", "undefined variable 'b'"),
    ("(with {}; a) + b", "undefined variable 'b'"),
    ("with undefinedThing; 1", "undefined variable 'undefinedThing'"),
    ("x: x.${y}", "undefined variable 'y'"),
    ("x: { ${y} = 1; }", "undefined variable 'y'"),
    ("x: \"${y}\"", "undefined variable 'y'"),
    ("{ inherit (y) a; }", "undefined variable 'y'"),
  ])
  func undefinedVariable(_ src: String, _ message: String) {
    #expect(messages(src) == [message])
  }

  @Test func undefinedVariablePointsAtTheName() {
    let (result, _, file) = ParserHarness.parse("let a = 1;\nin a + bb")
    #expect(result.diagnostics.map { location($0, in: file) } == ["2:8"])
    #expect(result.diagnostics.first?.span.length == 2)
  }

  @Test func everyUndefinedVariableIsReported() {
    #expect(messages("[ p q p ]") == ["undefined variable 'p'", "undefined variable 'q'", "undefined variable 'p'"])
  }

  @Test func boundNamesAreNotUndefined() {
    for src in [
      "rec { a = b; b = 1; }", "let a = b; b = 1; in a", "x: let inherit x; in x", "{ a, b ? a }: b",
      "args@{ a, ... }: args", "let f = x: f x; in f", "builtins.map true null __add", "__curPos",
      "let y = 1; in with {}; y", "{ a = 1; }.a", "x: x.y or z",
    ] {
      let (result, _, _) = ParserHarness.parse(src)
      if src == "x: x.y or z" {
        #expect(result.diagnostics.map(\.message) == ["undefined variable 'z'"])
      } else {
        #expect(result.diagnostics.isEmpty, "\(src): \(result.diagnostics.map(\.message))")
        #expect(result.expression != nil)
      }
    }
  }

  @Test(arguments: [
    ("let machines = 1; in machine", "did you mean 'machines'?"),
    ("buitins.map", "did you mean 'builtins'?"),
    ("{ foo, bar }: fo", "did you mean 'foo'?"),
    ("x: { y = 1; }.y + xx", "did you mean 'x'?"),
  ])
  func didYouMean(_ src: String, _ help: String) {
    let (result, _, _) = ParserHarness.parse(src)
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics.first?.help == help)
  }

  @Test(arguments: ["qqqqqq", "with undefinedThing; 1", "let aaaaaaaaaaaa = 1; in bbbbbbbbbbbbbbbb"])
  func noSuggestionForFarNames(_ src: String) {
    let (result, _, _) = ParserHarness.parse(src)
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics.first?.help == nil, "\(src): \(result.diagnostics.first?.help ?? "")")
  }

  @Test func withMakesUnknownNamesLegal() {
    for src in ["with {}; foo", "x: with x; y z", "with builtins; map", "let a = {}; in with a; with a; q", "with {}; x: y"] {
      let (result, _, _) = ParserHarness.parse(src)
      #expect(result.diagnostics.isEmpty, "\(src): \(result.diagnostics.map(\.message))")
    }
  }

  @Test(arguments: [
    ("x: let ${x} = 1; in 1", "dynamic attributes not allowed in let"),
    ("x: let a.${x} = 1; in 1", "dynamic attributes not allowed in let"),
    ("x: let \"${x}\" = 1; in 1", "dynamic attributes not allowed in let"),
    ("x: { inherit ${x}; }", "dynamic attributes not allowed in inherit"),
    ("x: { inherit \"${x}\"; }", "dynamic attributes not allowed in inherit"),
    ("x: { inherit (x) ${x}; }", "dynamic attributes not allowed in inherit"),
    ("x: let inherit ${x}; in 1", "dynamic attributes not allowed in inherit"),
  ])
  func dynamicAttributeWhereNotAllowed(_ src: String, _ message: String) {
    #expect(messages(src) == [message])
  }

  @Test func staticInterpolationsAreAllowedInLetAndInherit() {
    #expect(printed("let ${\"a\"} = 1; in a") == "(let a = 1; in a)")
    #expect(printed("x: { inherit (x) ${\"a\"} \"b\"; }") == "(x: { inherit (x) a b; })")
  }

  @Test(arguments: ["9223372036854775808", "-9223372036854775808", "99999999999999999999", "[ 1 18446744073709551616 ]"])
  func integerOverflow(_ src: String) {
    let digits = src.filter(\.isNumber)
    let literal = src.hasPrefix("[") ? "18446744073709551616" : digits
    #expect(messages(src) == ["invalid integer '\(literal)'"])
  }

  @Test func largestIntegerIsFine() {
    #expect(printed("9223372036854775807") == "9223372036854775807")
    #expect(printed("-9223372036854775807") == "(__sub 0 9223372036854775807)")
  }

  /// Nix reads floats with `strtod` and rejects a literal when it sets `errno` (out of range).
  @Test(arguments: ["1.0e309", "1.0e-400", ".1e999"])
  func floatOutOfRange(_ src: String) {
    #expect(messages(src) == ["invalid float '\(src)'"])
  }

  @Test(arguments: [
    ("&& true", "syntax error, unexpected '&&'"),
    ("if 1 else 2", "syntax error, unexpected 'else', expecting 'then'"),
    ("(1", "syntax error, unexpected end of file, expecting ')'"),
    ("\"abc", "syntax error, unexpected end of file, expecting '\"'"),
    ("let a = 1 in a", "syntax error, missing ';' after the value of attribute 'a' (found 'in')"),
    ("{ a = 1 }", "syntax error, missing ';' after the value of attribute 'a' (found '}')"),
    ("{ a.b.c = 1 }", "syntax error, missing ';' after the value of attribute 'a.b.c' (found '}')"),
    ("./a/", "path has a trailing slash"),
    ("1 /* x", "unterminated block comment: '/*' has no closing '*/'"),
  ])
  func syntaxErrorMessage(_ src: String, _ message: String) {
    #expect(messages(src).first == message)
  }

  @Test(arguments: [
    "", "a.if", "''abc", "{ a ... }", "{ a = ; }", "a é b", "x: { a, b }", "{ a, b }", "let a = 1; a", "[ -1 ]", "f !a",
    "{ , }: 1", "{ a b }: 1", "a @ b: 1", "rec", "let", "with a", "assert a", "if a then b", "a ||", "inherit a;",
    "{ inherit a }", ")", "}", "]", ";", "a.", "{ a. = 1; }", "x: x: ", "\"${\"", "./a/${", "${x}", "let or = 1; in or",
    "1 2 3 )", "/a/./b//c", "./a//b",
  ])
  func isAnError(_ src: String) {
    let (result, _, _) = ParserHarness.parse(src, globals: NixGlobals.names + ParserHarness.freeNames)
    #expect(result.expression == nil, "\(src) parsed")
    #expect(!result.diagnostics.isEmpty)
    #expect(result.diagnostics.allSatisfy { $0.severity == .error })
  }
}
