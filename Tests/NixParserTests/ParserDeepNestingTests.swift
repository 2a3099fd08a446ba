import Foundation
import NixLexer
import Testing

@testable import NixParser

/// What a parse on a big stack reports: whether it produced a tree, and its messages.
struct ParseOutcome: Sendable, CustomStringConvertible {
  let parsed: Bool
  let messages: [String]
  let printed: String?
  /// Short, for failure messages (the printed trees can be megabytes).
  var description: String { "parsed: \(parsed), messages: \(messages.prefix(3)), printed: \(printed?.prefix(60) ?? "nil")…" }
}

/// Very deep input ends in an error about nesting, never in a crash; deep input within the
/// limit parses. Every parse runs on a thread with a 1 GiB stack.
@Suite struct ParserDeepNestingTests {
  static let depth = 100_000

  /// Parses `src` on a big stack (with the test names bound) and prints the tree if there is one.
  static func outcome(_ src: String, maxDepth: Int = 10_000) -> ParseOutcome {
    ParserHarness.onBigStack {
      let (result, symbols, _) = ParserHarness.parse(
        src, globals: NixGlobals.names + ParserHarness.freeNames, maxDepth: maxDepth)
      let printed = result.expression.map { String(decoding: ASTPrinter.print($0, symbols: symbols), as: UTF8.self) }
      return ParseOutcome(parsed: result.expression != nil, messages: result.diagnostics.map(\.message), printed: printed)
    }
  }

  /// A source nested `depth` levels deep, by name (names keep failure messages short).
  static func deepSource(_ name: String) -> String {
    let n = depth
    switch name {
    case "lists": return String(repeating: "[", count: n) + String(repeating: "]", count: n)
    case "parentheses": return String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
    case "sets": return String(repeating: "{a=", count: n) + "1" + String(repeating: ";}", count: n)
    case "lambdas": return String(repeating: "x: ", count: n) + "x"
    case "sum": return Array(repeating: "1", count: n).joined(separator: " + ")
    case "negations": return String(repeating: "!", count: n) + "true"
    case "unary minus": return String(repeating: "-", count: n) + "1"
    case "interpolations": return String(repeating: "\"${", count: n / 2) + "1" + String(repeating: "}\"", count: n / 2)
    case "lets": return String(repeating: "let a = 1; in ", count: n) + "a"
    case "ifs": return String(repeating: "if true then ", count: n) + "1" + String(repeating: " else 2", count: n)
    case "calls": return String(repeating: "f (", count: n) + "1" + String(repeating: ")", count: n)
    case "unclosed lists": return String(repeating: "[ ", count: n)
    // Right-associative chains nest as deeply as the others.
    case "updates": return Array(repeating: "{ }", count: n).joined(separator: " // ")
    case "concatenations": return Array(repeating: "[ ]", count: n).joined(separator: " ++ ")
    case "implications": return Array(repeating: "true", count: n).joined(separator: " -> ")
    default: return ""
    }
  }

  @Test(arguments: [
    "lists", "parentheses", "sets", "lambdas", "sum", "negations", "unary minus", "interpolations", "lets", "ifs",
    "calls", "unclosed lists", "updates", "concatenations", "implications",
  ])
  func tooDeepIsAnErrorAboutNesting(_ name: String) {
    let result = Self.outcome(Self.deepSource(name))
    let parsed = result.parsed
    #expect(!parsed, "\(name) parsed")
    #expect(result.messages.contains { $0.contains("nesting") }, "\(name): \(result.messages.prefix(3))")
    #expect(result.messages.count < 100, "\(name): \(result.messages.count) messages")
  }

  @Test func theLimitIsConfigurable() {
    let src = String(repeating: "[", count: 101) + String(repeating: "]", count: 101)
    let limited = Self.outcome(src, maxDepth: 100)
    #expect(!limited.parsed)
    #expect(limited.messages == ["expression nesting too deep (the limit is 100 levels)"])
    #expect(Self.outcome(src, maxDepth: 1_000).parsed)
  }

  @Test func deepButWithinTheLimitParses() {
    let n = 3_000
    let lists = Self.outcome(String(repeating: "[", count: n) + String(repeating: "]", count: n))
    #expect(lists.printed == String(repeating: "[ (", count: n - 1) + "[ ]" + String(repeating: ") ]", count: n - 1))
    let lambdas = Self.outcome(String(repeating: "x: ", count: n) + "x")
    #expect(lambdas.parsed)
    #expect(lambdas.printed?.hasSuffix("x: x" + String(repeating: ")", count: n)) == true)
    let sets = Self.outcome(String(repeating: "{a=", count: n) + "1" + String(repeating: ";}", count: n))
    #expect(sets.printed == String(repeating: "{ a = ", count: n) + "1" + String(repeating: "; }", count: n))
    let sum = Self.outcome(Array(repeating: "1", count: n).joined(separator: " + "))
    #expect(sum.printed == String(repeating: "(", count: n - 1) + "1" + String(repeating: " + 1)", count: n - 1))
  }

  @Test func longFlatInputIsNotNesting() {
    let n = Self.depth
    let select = Self.outcome("x: x" + String(repeating: ".a", count: n))
    #expect(select.parsed, "\(select.messages.prefix(2))")
    #expect(select.printed?.hasPrefix("(x: (x).a.a.a") == true)
    let list = Self.outcome("[ " + String(repeating: "1 ", count: n) + "]")
    #expect(list.printed?.count == 3 + 4 * n)
    let set = Self.outcome("{ " + (0..<n).map { "a\($0) = \($0);" }.joined(separator: " ") + " }")
    #expect(set.parsed)
    let app = Self.outcome("f" + String(repeating: " 1", count: n))
    #expect(app.printed == "(f" + String(repeating: " 1", count: n) + ")")
  }
}

/// A deterministic generator (SplitMix64), so that every run tries the same inputs.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Garbage in: diagnostics out, never a crash, a hang or a span outside the file.
@Suite struct ParserFuzzTests {
  /// Parses `bytes` on a big stack, renders every diagnostic and prints whatever tree was built.
  static func survive(_ bytes: [UInt8]) -> Bool {
    ParserHarness.onBigStack {
      let file = SourceFile(name: "/dir/fuzz.nix", directory: "/dir", bytes: bytes)
      let symbols = SymbolTable()
      let result = parse(file, symbols: symbols, options: ParserOptions(homeDirectory: "/home/u"))
      let renderer = DiagnosticRenderer(file: file)
      for diagnostic in result.diagnostics.prefix(200) {
        guard diagnostic.span.end <= UInt32(bytes.count), !renderer.render(diagnostic).isEmpty else { return false }
      }
      let starts = result.diagnostics.map(\.span.start)
      guard starts == starts.sorted() else { return false }
      if let tree = result.recoveredExpression { _ = ASTPrinter.print(tree, symbols: symbols) }
      if let tree = result.expression { _ = ASTPrinter.print(tree, symbols: symbols) }
      return true
    }
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func randomBytes(_ seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
    #expect(Self.survive(bytes))
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func randomPrintableBytes(_ seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let alphabet = Array(" \n\t\"'${}()[];:,.=@?!<>+-*/&|~#\\abcxyz019_".utf8)
    let bytes = (0..<200_000).map { _ in alphabet.randomElement(using: &rng)! }
    #expect(Self.survive(bytes))
  }

  static let vocabulary = [
    "a", "b", "x", "or", "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "1", "2.5", "\"",
    "\"s\"", "''", "''t''", "${", "}", "{", "(", ")", "[", "]", ";", ":", ",", ".", "...", "@", "?", "=", "==", "!=",
    "<", ">", "<=", ">=", "&&", "||", "->", "//", "++", "+", "-", "*", "/", "!", "./p", "~/h", "<n>", "http://u",
    "a/${", "./q${", "#c\n", "/*c*/", "/*", "é", "\u{00}", "$", "'", "\r\n",
  ]

  @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
  func randomTokenSoup(_ seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    var text = ""
    while text.utf8.count < 200_000 {
      text += Self.vocabulary.randomElement(using: &rng)!
      text += Bool.random(using: &rng) ? " " : ""
    }
    #expect(Self.survive(Array(text.utf8)))
  }

  /// Small edits of a valid program: every prefix, and single-byte deletions and insertions.
  @Test func editsOfAValidProgram() {
    let program = Array("""
      { pkgs ? import <nixpkgs> { }, lib ? pkgs.lib, ... }@args:
      let
        inherit (lib) mkIf;
        name = "x-${toString 1}";
        s = ''
          a ${name}
          ''$b '''
        '';
      in rec {
        a.b.c = [ 1 2.5 ./p ~/h "s" (x: x) ];
        d = if a ? b then -1 else !true || false -> null;
        e = assert true; with lib; a.b.c or [ ] ++ [ (1 + 2 * 3 / 4 - 5) ];
        "f g" = { inherit name; } // { ${name} = 1; };
      }
      """.utf8)
    let original = ParserHarness.parse(String(decoding: program, as: UTF8.self)).result
    #expect(original.diagnostics.isEmpty, "\(original.diagnostics.map(\.message))")
    var rng = SplitMix64(seed: 42)
    for cut in stride(from: 0, through: program.count, by: 3) {
      #expect(Self.survive(Array(program[..<cut])), "prefix \(cut)")
    }
    for _ in 0..<200 {
      var edited = program
      let i = Int.random(in: 0..<edited.count, using: &rng)
      if Bool.random(using: &rng) {
        edited.remove(at: i)
      } else {
        edited.insert(Array("{}()[];\"'$.=:@?".utf8).randomElement(using: &rng)!, at: i)
      }
      #expect(Self.survive(edited))
    }
  }
}
