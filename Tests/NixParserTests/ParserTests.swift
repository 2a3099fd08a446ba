import Foundation
import NixLexer
import Testing

@testable import NixParser

/// Helpers of the parser tests (in a namespace, so that they clash with no other test file).
enum ParserHarness {
  /// Free names that the printing tests may use (bound as globals, so that they are not undefined).
  static let freeNames = ["a", "b", "c", "d", "e", "f", "g", "x", "y", "z"]

  /// `src` as the file `/dir/test.nix`.
  static func file(_ src: String) -> SourceFile { SourceFile(name: "/dir/test.nix", directory: "/dir", text: src) }

  /// Parses `src` as `/dir/test.nix` with the home directory `/home/u`.
  static func parse(
    _ src: String, globals: [String] = NixGlobals.names, homeDirectory: String? = "/home/u", maxDepth: Int = 10_000
  ) -> (result: ParseResult, symbols: SymbolTable, file: SourceFile) {
    let file = file(src)
    let symbols = SymbolTable()
    let options = ParserOptions(globals: globals, homeDirectory: homeDirectory, maxDepth: maxDepth)
    return (NixParser.parse(file, symbols: symbols, options: options), symbols, file)
  }

  /// The `nix-instantiate --parse` form of `src`, or `error: ` and every message.
  static func printed(_ src: String) -> String {
    let (result, symbols, _) = parse(src, globals: NixGlobals.names + freeNames)
    guard let expr = result.expression else {
      return "error: " + result.diagnostics.map(\.message).joined(separator: " | ")
    }
    return String(decoding: ASTPrinter.print(expr, symbols: symbols), as: UTF8.self)
  }

  /// Every diagnostic's message for `src`, parsed with Nix's globals only.
  static func messages(_ src: String) -> [String] { parse(src).result.diagnostics.map(\.message) }

  /// Runs `body` on a thread with a 1 GiB stack (see `onBigStack` in ParseSupport.swift).
  static func onBigStack<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
    NixParserTests.onBigStack(body)
  }
}

/// Gives a suite `printed` and `messages` as members (which shadow any global helpers).
protocol ParserTesting {}

extension ParserTesting {
  func printed(_ src: String) -> String { ParserHarness.printed(src) }
  func messages(_ src: String) -> [String] { ParserHarness.messages(src) }
}

/// Every construct, printed as current Nix's `nix-instantiate --parse` prints it.
@Suite struct ParserConstructTests: ParserTesting {
  static let literals: [(String, String)] = [
    ("123", "123"), ("007", "7"), ("0", "0"), ("9223372036854775807", "9223372036854775807"),
    // Floats print like C++ streams (`%g`).
    ("1.5", "1.5"), (".5", "0.5"), ("0.5", "0.5"), ("1.0e3", "1000"), ("1.e5", "100000"), ("3.0", "3"),
    ("0.1", "0.1"), ("123456789.0", "1.23457e+08"), ("1.0e20", "1e+20"), ("0.00001", "1e-05"),
    ("1000000.0", "1e+06"), ("100000.0", "100000"), ("1.5e-3", "0.0015"), ("123.456789", "123.457"),
    ("0.0001", "0.0001"), ("1.0E5", "100000"),
    ("http://example.org/a?b=c", "\"http://example.org/a?b=c\""), ("x:x", "\"x:x\""),
    ("__curPos", "__curPos"), ("x: x", "(x: x)"),
  ]

  static let strings: [(String, String)] = [
    (#""""#, #""""#), (#""abc""#, #""abc""#),
    (#""a\nb\tc\rd\"e\\f\$g\qh""#, #""a\nb\tc\rd\"e\\f$gqh""#),
    (#""\${x}""#, #""\${x}""#), (#""$${x}""#, #""$\${x}""#), (#""$""#, #""$""#), (#""a$$""#, #""a$$""#),
    (#""${x}""#, "(x)"), (#""a${x}""#, #"("a" + x)"#), (#""${x}${y}""#, "(x + y)"),
    (#""a${x}b${y}c""#, #"("a" + x + "b" + y + "c")"#), (#""${"${x}"}""#, "((x))"),
    (#""a${"b"}""#, #"("a" + "b")"#), (#""${ {a=1;}.a }""#, "(({ a = 1; }).a)"),
    (#""${x}$""#, #"(x + "$")"#),
    // Line ends inside strings become `\n`.
    ("\"a\r\nb\rc\"", #""a\nb\nc""#),
  ]

  static let indentedStrings: [(String, String)] = [
    ("''abc''", #""abc""#), ("''''", #""""#), ("''  a''", #""a""#),
    ("''\n  a\n    b\n''", #""a\n  b\n""#),
    // A final line of only spaces is dropped.
    ("''\n  a\n  ''", #""a\n""#), ("''\n  a\n  b''", #""a\nb""#),
    ("''\n    a\n\n    b\n  ''", #""a\n\nb\n""#), ("''\n  a\n \n  b\n''", #""a\n\nb\n""#),
    ("''a\n  b''", #""a\n  b""#),
    // Tabs are content, not indentation.
    ("''\n\ta\n''", #""\ta\n""#), ("''\n  a\n\t b\n''", #""  a\n\t b\n""#),
    // An interpolation at the start of a line ends its indentation.
    ("''\n  ${x} a\n  ''", #"(x + " a\n")"#), ("''\n  ${x}\n  ''", #"(x + "\n")"#),
    ("''\n  a ${x}\n   c''", #"("a " + x + "\n c")"#), ("''${x}''", "(x)"), ("''a${x}''", #"("a" + x)"#),
    // Escapes: `''$`, `'''`, `''\n`; an escape ends the indentation too.
    ("''''$ ''' ''\\n''", #"("$" + " " + "''" + " " + "\n")"#), ("''$''", #""$""#),
    ("''\n  '''a\n  b\n''", #"("''" + "a\nb\n")"#), ("''a\\qb''", #""a\\qb""#),
    ("'' ''\\ a''", #"(" " + "a")"#),
  ]

  static let paths: [(String, String)] = [
    ("./a", "/dir/a"), ("./a/../b", "/dir/b"), ("./a/./b/../../c", "/dir/c"), ("../a", "/a"), ("../../..", "/"),
    ("/a/./b", "/a/b"), ("/a/b/..", "/a"), ("/.", "/"), ("./.", "/dir"), ("a/b", "/dir/a/b"),
    ("a/b/../../..", "/"), ("~/x", "/home/u/x"), ("~/a/../b", "/home/u/a/../b"),
    ("./a/${x}", "(/dir/a/ + x)"), ("./a${x}b", #"(/dir/a + x + "b")"#), ("./a/${x}/b", #"(/dir/a/ + x + "/b")"#),
    ("~/${x}", "(/home/u/ + x)"), ("<nixpkgs>", #"(__findFile __nixPath "nixpkgs")"#),
    ("<nixpkgs/lib>", #"(__findFile __nixPath "nixpkgs/lib")"#), ("<p> x", #"(__findFile __nixPath "p" x)"#),
  ]

  static let attrSets: [(String, String)] = [
    ("{ }", "{ }"), ("{}", "{ }"), ("{ b = 1; a = 2; }", "{ a = 2; b = 1; }"),
    ("{ inherit b a; c = 1; }", "{ inherit a b; c = 1; }"),
    ("{ z = 1; inherit (x) b a; inherit c; }", "{ inherit c; inherit (x) a b; z = 1; }"),
    ("{ inherit (x) a; inherit (y) b; inherit (x) c; }", "{ inherit (x) a; inherit (y) b; inherit (x) c; }"),
    (#"{ inherit "a" ${"b"}; }"#, "{ inherit a b; }"), (#"{ inherit (x) "a b"; }"#, #"{ inherit (x) "a b"; }"#),
    ("rec { a = 1; b = a; }", "rec { a = 1; b = a; }"),
    ("{ a.b = 1; a.c = 2; }", "{ a = { b = 1; c = 2; }; }"),
    ("{ a.b.c = 1; a.b.d = 2; a.e = 3; }", "{ a = { b = { c = 1; d = 2; }; e = 3; }; }"),
    ("{ a = { b = 1; }; a.c = 2; }", "{ a = { b = 1; c = 2; }; }"),
    ("{ a.c = 2; a = { b = 1; }; }", "{ a = { b = 1; c = 2; }; }"),
    ("{ a = rec { b = 1; }; a.c = 2; }", "{ a = rec { b = 1; c = 2; }; }"),
    ("{ a = { inherit (x) y; }; a = { inherit (z) w; }; }", "{ a = { inherit (x) y; inherit (z) w; }; }"),
    // Current Nix merges set literals recursively (ParserState::addAttr calls itself).
    ("{ a = { b = { c = 1; }; }; a = { b = { d = 2; }; }; }", "{ a = { b = { c = 1; d = 2; }; }; }"),
    ("{ a.b = { c.d = 1; }; a.b = { c.e = 2; }; }", "{ a = { b = { c = { d = 1; e = 2; }; }; }; }"),
    (
      #"{ "a b" = 1; "if" = 2; or = 3; "" = 4; "1" = 5; "a'b-c" = 6; _x = 7; "é" = 8; }"#,
      #"{ "" = 4; "1" = 5; _x = 7; "a b" = 1; a'b-c = 6; "if" = 2; or = 3; "é" = 8; }"#
    ),
    (#"{ "let" = 1; "in" = 2; "rec" = 3; "inherit" = 4; "then" = 5; }"#, #"{ "in" = 2; "inherit" = 4; "let" = 1; "rec" = 3; "then" = 5; }"#),
    (#"{ ${"a"} = 1; }"#, "{ a = 1; }"), (#"{ a.${"b"}.c = 1; }"#, "{ a = { b = { c = 1; }; }; }"),
    (#"{ "a"."b" = 1; }"#, "{ a = { b = 1; }; }"),
    ("{ ${x} = 1; }", #"{ "${x}" = 1; }"#), (#"{ "${x}" = 1; }"#, #"{ "${(x)}" = 1; }"#),
    ("{ ${x} = 1; a = 2; }", #"{ a = 2; "${x}" = 1; }"#), ("{ a.${x} = 1; }", #"{ a = { "${x}" = 1; }; }"#),
    ("{ ${x}.y = 1; ${x}.z = 2; }", #"{ "${x}" = { y = 1; }; "${x}" = { z = 2; }; }"#),
    (#"{ ${"a"+"b"} = 1; }"#, #"{ "${("a" + "b")}" = 1; }"#),
  ]

  static let bindingForms: [(String, String)] = [
    ("let a = 1; in a", "(let a = 1; in a)"), ("let b = 1; a = b; in a", "(let a = b; b = 1; in a)"),
    ("let in 1", "(let in 1)"), ("let a = 1; inherit b; in a", "(let inherit b; a = 1; in a)"),
    ("let a.b = 1; in a", "(let a = { b = 1; }; in a)"), (#"let "a" = 1; in a"#, "(let a = 1; in a)"),
    ("let a-b' = 1; in a-b'", "(let a-b' = 1; in a-b')"),
    ("let { body = 1; }", "(rec { body = 1; }).body"), ("let { a = 1; body = a; }", "(rec { a = 1; body = a; }).body"),
    ("with a; b", "(with a; b)"), ("with a; with b; c", "(with a; (with b; c))"),
    ("assert a; b", "assert a; b"), ("assert a; assert b; c", "assert a; assert b; c"), ("[ (assert a; b) ]", "[ (assert a; b) ]"),
    ("if a then b else c", "(if a then b else c)"),
    ("if a then if b then c else d else e", "(if a then (if b then c else d) else e)"),
  ]

  static let functions: [(String, String)] = [
    ("x: x", "(x: x)"), ("x: y: x", "(x: (y: x))"), ("x: x + 1", "(x: (x + 1))"),
    ("{ }: 1", "({  }: 1)"), ("{ ... }: 1", "({ ... }: 1)"), ("{ a }: a", "({ a }: a)"),
    ("{ a, b ? 1, ... }: a", "({ a, b ? 1, ... }: a)"), ("{ b, a ? b }: a", "({ a ? b, b }: a)"),
    ("args@{ a }: a", "({ a } @ args: a)"), ("{ a } @ args: a", "({ a } @ args: a)"),
    ("args @ { ... }: args", "({ ... } @ args: args)"), ("x @ {}: x", "({  } @ x: x)"),
    ("{ a ? { b = 1; }.b }: a", "({ a ? ({ b = 1; }).b }: a)"),
    ("({ a }: a) { a = 1; }", "(({ a }: a) { a = 1; })"), ("{ x = y: y; }", "{ x = (y: y); }"),
  ]

  static let lists: [(String, String)] = [
    ("[ 1 2 ]", "[ (1) (2) ]"), ("[ ]", "[ ]"), ("[]", "[ ]"), ("[ f x ]", "[ (f) (x) ]"), ("[ (f x) ]", "[ ((f x)) ]"),
    ("[ a.b c ]", "[ ((a).b) (c) ]"), ("[ [ 1 ] [ ] ]", "[ ([ (1) ]) ([ ]) ]"), (#"[ "a" ./b <c> ]"#, #"[ ("a") (/dir/b) ((__findFile __nixPath "c")) ]"#),
    ("[ a.b or c ]", "[ ((a).b or (c)) ]"), ("[ { } ]", "[ ({ }) ]"),
  ]

  @Test(arguments: literals) func literal(_ src: String, _ expected: String) { #expect(printed(src) == expected) }
  @Test(arguments: strings) func string(_ src: String, _ expected: String) { #expect(printed(src) == expected) }
  @Test(arguments: indentedStrings) func indentedString(_ src: String, _ expected: String) {
    #expect(printed(src) == expected)
  }
  @Test(arguments: paths) func path(_ src: String, _ expected: String) { #expect(printed(src) == expected) }
  @Test(arguments: attrSets) func attrSet(_ src: String, _ expected: String) { #expect(printed(src) == expected) }
  @Test(arguments: bindingForms) func bindingForm(_ src: String, _ expected: String) {
    #expect(printed(src) == expected)
  }
  @Test(arguments: functions) func function(_ src: String, _ expected: String) { #expect(printed(src) == expected) }
  @Test(arguments: lists) func list(_ src: String, _ expected: String) { #expect(printed(src) == expected) }

  @Test func homePathNeedsAHomeDirectory() {
    let (result, _, _) = ParserHarness.parse("~/x", homeDirectory: nil)
    #expect(result.expression == nil)
    #expect(result.diagnostics.map(\.message) == ["the path '~/x' can not be resolved in pure mode"])
  }

  @Test func closedExpressionsNeedNoExtraGlobals() throws {
    let (result, symbols, _) = ParserHarness.parse("{ a, b ? a }: let c = a; in [ b c builtins.map true ]")
    let expr = try #require(result.expression)
    #expect(result.diagnostics.isEmpty)
    #expect(
      String(decoding: ASTPrinter.print(expr, symbols: symbols), as: UTF8.self)
        == "({ a, b ? a }: (let c = a; in [ (b) (c) ((builtins).map) (true) ]))")
  }

  @Test func stringBytesArePrintedUnchanged() throws {
    // Invalid UTF-8 inside a string is kept byte for byte.
    let bytes: [UInt8] = Array("\"a".utf8) + [0xFF, 0xC3] + Array("b\"".utf8)
    let file = SourceFile(name: "/dir/test.nix", directory: "/dir", bytes: bytes)
    let symbols = SymbolTable()
    let result = NixParser.parse(file, symbols: symbols, options: ParserOptions())
    let expr = try #require(result.expression)
    #expect(ASTPrinter.print(expr, symbols: symbols) == bytes)
  }
}
