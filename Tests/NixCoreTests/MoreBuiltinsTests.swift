import NixCore
import NixLexer
import Testing

/// genericClosure, groupBy, floor, ceil, toPath in the next core (expected values from nix-instantiate).
@Suite struct MoreBuiltinsTests {
  func eval(_ text: String, threshold: Int? = nil) -> String {
    let ev = CoreEvaluator()
    if let threshold { ev.heap.setThreshold(threshold) }
    let file = ev.sources.add(name: "/test.nix", directory: "/", bytes: Array(text.utf8))
    do throws(CoreError) {
      return String(decoding: try ev.evaluateAndPrint(file: file), as: UTF8.self)
    } catch {
      return "error: " + error.message
    }
  }

  @Test func genericClosureWalksOnceByKey() {
    let walk = "builtins.genericClosure { startSet = [ { key = 1; } ]; operator = x: if x.key < 5 then [ { key = x.key + 1; } { key = 1.0; } ] else []; }"
    #expect(eval(walk) == "[ { key = 1; } { key = 2; } { key = 3; } { key = 4; } { key = 5; } ]")
    #expect(eval("builtins.genericClosure { startSet = [ { key = [ 1 \"a\" ]; } { key = [ 1 \"a\" ]; } ]; operator = x: []; }") == "[ { key = [ 1 \"a\" ]; } ]")
    #expect(eval("builtins.genericClosure { startSet = []; operator = throw \"unused\"; }") == "[ ]")
    #expect(eval("builtins.genericClosure { startSet = [ { key = 1; } { key = \"a\"; } ]; operator = x: []; }") == "error: cannot compare a string with an integer")
    #expect(eval("builtins.genericClosure { startSet = [ {} ]; operator = x: []; }") == "error: attribute 'key' missing")
    #expect(eval("builtins.genericClosure { operator = x: []; }") == "error: attribute 'startSet' missing")
  }

  @Test func genericClosureOfManyElementsSurvivesCollections() {
    let chain = "builtins.length (builtins.genericClosure { startSet = [ { key = 0; } ]; operator = x: if x.key < 20000 then [ { key = x.key + 1; } { key = x.key; } ] else []; })"
    #expect(eval(chain, threshold: 1 << 16) == "20001")
  }

  @Test func groupByKeepsListOrder() {
    #expect(eval("builtins.groupBy (x: if x > 2 then \"big\" else \"small\") [ 1 2 3 4 ]") == "{ big = [ 3 4 ]; small = [ 1 2 ]; }")
    #expect(eval("builtins.groupBy (x: x) [ ]") == "{ }")
  }

  @Test func roundingAndPaths() {
    #expect(eval("[ (builtins.floor 1.5) (builtins.ceil 1.2) (builtins.floor (-1.5)) (builtins.ceil 3) ]") == "[ 1 2 -2 3 ]")
    #expect(eval("builtins.floor \"x\"") == "error: expected a float but found a string: \"x\"")
    #expect(eval("builtins.toPath \"/a/../b//c\"") == "\"/b/c\"")
    #expect(eval("builtins.toPath \"a\"") == "error: string 'a' doesn't represent an absolute path")
  }
}
