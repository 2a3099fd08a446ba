import NixEval
import NixLexer
import NixParser
import Testing

/// Attribute sets: sorted storage, and `//` as layers that merge when read in full.
@Suite struct AttrsTests {
  func set(_ symbols: SymbolTable, _ pairs: [(String, Int64)]) -> Attrs {
    var b = AttrsBuilder()
    for (name, value) in pairs { b.add(symbols.intern(name), .int(value)) }
    return b.build()
  }

  func ints(_ a: Attrs, _ symbols: SymbolTable) -> [String: Int64] {
    var out: [String: Int64] = [:]
    for (k, v) in zip(a.keys, a.values) {
      if case .int(let i) = v { out[symbols[k]] = i }
    }
    return out
  }

  @Test func updateKeepsTheRightSideAndSortedKeys() {
    let symbols = SymbolTable()
    let a = set(symbols, [("b", 1), ("a", 2), ("c", 3)])
    let b = set(symbols, [("c", 30), ("d", 40)])
    let merged = a.updated(with: b)
    if case .int(let c)? = merged[symbols.intern("c")] { #expect(c == 30) } else { Issue.record("c missing") }
    #expect(ints(merged, symbols) == ["a": 2, "b": 1, "c": 30, "d": 40])
    #expect(merged.keys == merged.keys.sorted { $0.id < $1.id })
    #expect(merged.count == 4)
  }

  @Test func aLongChainOfUpdatesLooksUpAndFlattensCorrectly() {
    let symbols = SymbolTable()
    var acc = Attrs.empty
    for i in 0..<200 {
      acc = acc.updated(with: set(symbols, [("k\(i % 50)", Int64(i)), ("x", Int64(i))]))
      // Looked up while layered, before anything flattens it.
      if case .int(let v)? = acc[symbols.intern("x")] { #expect(v == Int64(i)) } else { Issue.record("x missing") }
    }
    let flat = ints(acc, symbols)
    #expect(flat.count == 51)
    #expect(flat["x"] == 199)
    #expect(flat["k0"] == 150)
    #expect(flat["k49"] == 199)
  }

  @Test func foldOfUpdatesInNix() {
    #expect(
      evaluated(
        "let s = builtins.foldl' (acc: i: acc // { \"k${toString (i - i / 10 * 10)}\" = i; }) { } (builtins.genList (x: x) 100); in [ (builtins.length (builtins.attrNames s)) s.k3 (s ? k9) (s ? k10) ]"
      ) == "[ 10 93 true false ]")
  }
}
