import Foundation
import Inventory
import NixEval
import Testing

/// nixinv's `lib` against the results nixpkgs' lib gives (checked with nix-instantiate).
@Suite struct LibTests {
  static let cases: [(String, String)] = [
    (#"lib.splitString "," "a,b,,c""#, #"[ "a" "b" "" "c" ]"#),
    (#"lib.toUpper "abc""#, #""ABC""#),
    ("lib.unique [ 1 2 1 3 ]", "[ 1 2 3 ]"),
    ("lib.recursiveUpdate { a.b = 1; c = 2; } { a.d = 3; }", "{ a = { b = 1; d = 3; }; c = 2; }"),
    ("lib.sublist 1 2 [ 1 2 3 4 ]", "[ 2 3 ]"),
    ("lib.foldr (a: b: a + b) 0 [ 1 2 3 ]", "6"),
    (#"lib.hasSuffix "ab" "cab""#, "true"),
    (#"lib.removePrefix "x" "xyz""#, #""yz""#),
    (#"lib.mapAttrs' (n: v: lib.nameValuePair "p${n}" v) { a = 1; }"#, "{ pa = 1; }"),
    ("lib.reverseList [ 1 2 3 ]", "[ 3 2 1 ]"),
    ("lib.range 2 5", "[ 2 3 4 5 ]"),
    ("lib.init [ 1 2 3 ]", "[ 1 2 ]"),
    (#"lib.attrByPath [ "a" "b" ] 0 { a.b = 5; }"#, "5"),
    (#"lib.setAttrByPath [ "a" "b" ] 1"#, "{ a = { b = 1; }; }"),
    ("lib.flatten [ 1 [ 2 [ 3 ] ] ]", "[ 1 2 3 ]"),
    ("lib.imap1 (i: v: i * v) [ 5 6 ]", "[ 5 12 ]"),
    ("lib.zipListsWith (a: b: a + b) [ 1 2 ] [ 3 4 5 ]", "[ 4 6 ]"),
    ("lib.mkForce 1", "{ _type = \"override\"; content = 1; priority = 50; }"),
    (#"lib.genAttrs [ "x" ] (n: n)"#, #"{ x = "x"; }"#),
    (#"lib.filterAttrs (n: v: v > 1) { a = 1; b = 2; }"#, "{ b = 2; }"),
    (#"lib.concatMapStringsSep "-" toString [ 1 2 ]"#, #""1-2""#),
    ("lib.optionalAttrs false { a = 1; }", "{ }"),
  ]

  @Test(arguments: cases)
  func matchesNixpkgs(_ expression: String, _ expected: String) throws {
    let file = "buildClan { meta.name = builtins.toJSON (\(expression)); }"
    let clan = try #require(try resolve(file).clan)
    let json = try #require(clan.meta.name)
    // Compare through Nix's printer: evaluate the JSON back and print it.
    let ev = Evaluator()
    let value = try ev.fromJSON(Array(json.utf8), at: .unknown)
    try ev.forceDeep(value, at: .unknown)
    let printed = String(decoding: ValuePrinter.print(value, ev, style: .output), as: UTF8.self)
    let expectedValue = try ev.evaluate(file: ev.sources.add(name: "/e.nix", directory: "/", bytes: Array(expected.utf8)))
    try ev.forceDeep(expectedValue, at: .unknown)
    #expect(printed == String(decoding: ValuePrinter.print(expectedValue, ev, style: .output), as: UTF8.self))
  }
}
