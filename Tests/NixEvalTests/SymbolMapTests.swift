import NixParser
import Testing

@testable import NixEval

/// ``SymbolMap``: the name table of `listToAttrs`, `removeAttrs`, `groupBy` and `zipAttrsWith`.
struct SymbolMapTests {
  @Test func storesAndFindsThroughGrowth() {
    var map = SymbolMap(capacity: 2)
    for id in stride(from: UInt32(0), to: 5_000, by: 3) {
      let added = map.insert(Symbol(id: id), value: Int(id) * 2)
      #expect(added)
    }
    #expect(map.count == 1_667)
    for id in UInt32(0)..<5_000 {
      let expected: Int? = id % 3 == 0 ? Int(id) * 2 : nil
      #expect(map.value(of: Symbol(id: id)) == expected)
    }
    // A symbol present is not replaced.
    let replaced = map.insert(Symbol(id: 3), value: 1)
    #expect(!replaced)
    #expect(map.value(of: Symbol(id: 3)) == 6)
  }

  @Test(arguments: [
    ("builtins.listToAttrs [ { name = \"a\"; value = 1; } { name = \"b\"; value = 2; } { name = \"a\"; value = 3; } ]", "{ a = 1; b = 2; }"),
    ("builtins.removeAttrs { a = 1; b = 2; c = 3; } [ \"a\" \"c\" \"a\" \"zz\" ]", "{ b = 2; }"),
    ("builtins.groupBy (x: if x > 2 then \"big\" else \"small\") [ 1 3 2 4 ]", "{ big = [ 3 4 ]; small = [ 1 2 ]; }"),
    ("builtins.zipAttrsWith (n: vs: vs) [ { b = 1; a = 2; } { a = 3; } { c = 4; b = 5; } ]", "{ a = [ 2 3 ]; b = [ 1 5 ]; c = [ 4 ]; }"),
    ("let n = \"x\"; in { ${n} = 1; y = 2; }", "{ x = 1; y = 2; }"),
  ])
  func builtinsCollectingNames(source: String, expected: String) {
    #expect(evaluated(source) == expected)
  }

  @Test func duplicateDynamicAttributeIsAnError() {
    #expect(evaluated("let n = \"x\"; in { ${n} = 1; ${\"x\"} = 2; }").contains("dynamic attribute 'x' already defined"))
  }
}
