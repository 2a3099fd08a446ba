import NixLexer
import Testing

@testable import NixParser

/// A large top-level set is parsed in pieces on two threads (``SetPieces``). Whatever the file,
/// the tree and the errors must be exactly those of parsing it in one go; these files put the
/// cuts where a guess can go wrong.
@Suite struct ParserPiecesTests {
  /// Parses `source` in pieces (every file is "large") and in one go; returns both printed
  /// results (tree or errors) and how many pieces the first used.
  static func both(_ source: String, batch: Int = TokenBuffer.defaultBatch) -> (pieces: String, whole: String, taken: Int) {
    func run(_ threshold: Int) -> (String, Int) {
      let file = SourceFile(name: "/dir/big.nix", directory: "/dir", text: source)
      let symbols = SymbolTable()
      var options = ParserOptions(globals: NixGlobals.names + ["f", "s"])
      options.splitThreshold = threshold
      options.lexingBatch = batch
      let result = parse(file, symbols: symbols, options: options)
      let errors = result.diagnostics.map { "\($0.code) \($0.span.start)-\($0.span.end) \($0.message)" }
      let tree = result.expression.map { String(decoding: ASTPrinter.print($0, symbols: symbols), as: UTF8.self) }
      return ((tree ?? "no tree") + "\n" + errors.joined(separator: "\n"), result.piecesTaken)
    }
    let (pieces, taken) = run(1)
    let (whole, none) = run(Int.max)
    #expect(none == 0)
    return (pieces, whole, taken)
  }

  /// `count` plain bindings at two spaces' indentation, named `prefix0`, `prefix1`, …
  static func bindings(_ count: Int, _ prefix: String = "a") -> String {
    (0..<count).map { "  \(prefix)\($0) = { v = \($0); s = \"\($0)\"; };\n" }.joined()
  }

  @Test func aPlainSetIsParsedInSeveralPieces() {
    let (pieces, whole, taken) = Self.both("{\n" + Self.bindings(3_000) + "}\n")
    #expect(pieces == whole)
    #expect(taken >= 2)
  }

  @Test func recursiveSetsInheritsAndDynamicNamesAcrossPieces() {
    let source =
      "rec {\n  inherit (s) x;\n" + Self.bindings(1_500) + "  inherit (s) y z;\n  \"${f}\" = 1;\n"
      + Self.bindings(1_500, "b") + "  inherit (f) w;\n  \"q-${f}\" = 2;\n  \"quoted name\" = 3;\n}\n"
    let (pieces, whole, taken) = Self.both(source)
    #expect(pieces == whole)
    #expect(taken >= 1)
  }

  @Test func aNameDefinedInTwoPiecesIsReportedAsWhenParsedInOrder() {
    let source = "{\n  dup = 1;\n" + Self.bindings(3_000) + "  dup = 2;\n}\n"
    let (pieces, whole, _) = Self.both(source)
    #expect(pieces == whole)
    #expect(whole.contains("attribute 'dup' already defined"))
  }

  @Test func nestedPathsMergeAcrossPieces() {
    let source = "{\n  m.first = 1;\n" + Self.bindings(3_000) + "  m.last = 2;\n  m = { middle = 3; };\n}\n"
    let (pieces, whole, _) = Self.both(source)
    #expect(pieces == whole)
    #expect(whole.contains("m = { first = 1; last = 2; middle = 3; };"))
  }

  @Test func cutsInsideStringsAndCommentsAreNotUsed() {
    // Lines inside an indented string and a block comment look exactly like bindings.
    let fake = Self.bindings(1_200, "fake")
    let source =
      "{\n" + Self.bindings(1_200) + "  text = ''\n" + fake + "  '';\n  /*\n" + fake + "  */\n"
      + Self.bindings(1_200, "b") + "}\n"
    let (pieces, whole, _) = Self.both(source)
    #expect(pieces == whole)
    #expect(!whole.contains("fake0 = { s = "))
  }

  @Test func errorsInALaterPieceAreReportedOnce() {
    let source =
      "{\n" + Self.bindings(2_000) + "  broken = ;\n  missing = 1\n" + Self.bindings(2_000, "b")
      + "  bad = \"unterminated ${\n}\n"
    let (pieces, whole, _) = Self.both(source)
    #expect(pieces == whole)
    #expect(whole.contains("E01"))
  }

  @Test func aSetThatEndsEarlyIsFollowedCorrectly() {
    let source = "{\n" + Self.bindings(1_500) + "} // {\n" + Self.bindings(3_000, "b") + "}\n"
    let (pieces, whole, _) = Self.both(source)
    #expect(pieces == whole)
    #expect(whole.hasPrefix("({ a0 = "))
  }

  @Test func nestingTooDeepInAPieceIsReportedAsInOrder() {
    let deep = String(repeating: "[", count: 10_050) + String(repeating: "]", count: 10_050)
    let source = "{\n" + Self.bindings(2_000) + "  deep = " + deep + ";\n" + Self.bindings(2_000, "b") + "}\n"
    let (pieces, whole, _) = onBigStack { Self.both(source) }
    #expect(pieces == whole)
    #expect(whole.contains("too deep"))
  }

  /// With a lexer that runs only a few tokens ahead, a cut is met by the parser just as the
  /// lexer reaches it, and small files are cut too.
  @Test(arguments: [1, 2, 3, 7])
  func smallFilesWithATinyLexingBatch(batch: Int) {
    let plain = "{\n" + Self.bindings(40) + "}\n"
    let (pieces, whole, taken) = Self.both(plain, batch: batch)
    #expect(pieces == whole)
    #expect(taken >= 2)
    for source in [
      "{\n  dup = 1;\n" + Self.bindings(30) + "  dup = 2;\n}\n",
      "{\n  m.first = 1;\n" + Self.bindings(30) + "  m.last = 2;\n  m = { middle = 3; };\n}\n",
      "{\n" + Self.bindings(10) + "  text = ''\n" + Self.bindings(10, "fake") + "  '';\n" + Self.bindings(10, "b") + "}\n",
      "{\n" + Self.bindings(20) + "  broken = ;\n  missing = 1\n" + Self.bindings(20, "b") + "}\n",
      "{\n" + Self.bindings(15) + "} // {\n" + Self.bindings(30, "b") + "}\n",
      "rec {\n  inherit (s) x;\n" + Self.bindings(15) + "  \"${f}\" = 1;\n" + Self.bindings(15, "b") + "  inherit (f) w;\n}\n",
    ] {
      let (pieces, whole, _) = Self.both(source, batch: batch)
      #expect(pieces == whole)
    }
  }

  /// Symbol numbers of names first met in pieces depend on thread timing, and an evaluator
  /// orders attribute sets by them: by default, nothing is parsed in pieces.
  @Test func byDefaultNothingIsParsedInPieces() {
    let file = SourceFile(name: "/dir/big.nix", directory: "/dir", text: "{\n" + Self.bindings(20_000) + "}\n")
    #expect(file.bytes.count > ParserOptions.suggestedSplitThreshold)
    let result = parse(file, symbols: SymbolTable())
    #expect(result.expression != nil)
    #expect(result.piecesTaken == 0)
  }

  @Test func filesThatAreNotOneSetAreParsedInOrder() {
    for source in [
      "let\n" + Self.bindings(3_000) + "in a0\n",
      "{ x, y }:\n{\n" + Self.bindings(3_000) + "}\n",
      "# comment\n{\n" + Self.bindings(3_000) + "}\n",
    ] {
      let (pieces, whole, _) = Self.both(source)
      #expect(pieces == whole)
    }
  }
}
