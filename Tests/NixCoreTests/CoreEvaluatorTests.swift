import NixCore
import NixLexer
import Testing

/// The next core, checked against what `nix-instantiate --eval --strict` prints.
@Suite struct CoreEvaluatorTests {
  /// The printed value of `text`, or "error: …"; with `threshold`, the heap collects after
  /// that many bytes, so that values must survive many collections.
  func eval(_ text: String, threshold: Int? = nil, collections: UnsafeMutablePointer<UInt64>? = nil) -> String {
    let ev = CoreEvaluator()
    defer { collections?.pointee = ev.heap.statistics.collections }
    if let threshold { ev.heap.setThreshold(threshold) }
    let file = ev.sources.add(name: "/test.nix", directory: "/", bytes: Array(text.utf8))
    do throws(CoreError) {
      return String(decoding: try ev.evaluateAndPrint(file: file), as: UTF8.self)
    } catch {
      return "error: " + error.message
    }
  }

  @Test func arithmeticAndComparison() {
    #expect(eval("1 + 2 * 3 - 4 / 2") == "5")
    #expect(eval("1.5 + 1") == "2.5")
    #expect(eval("[ (1 < 2) (2 <= 1) (\"a\" < \"b\") ([ 1 2 ] < [ 1 3 ]) ]") == "[ true false true true ]")
    #expect(eval("9223372036854775807 + 1") == "error: integer overflow in adding 9223372036854775807 + 1")
    #expect(eval("1 / 0") == "error: division by zero")
  }

  @Test func setsScopesAndFunctions() {
    #expect(eval("{ b = 1; a.x = 2; a.y = 3; }") == "{ a = { x = 2; y = 3; }; b = 1; }")
    #expect(eval("rec { x = 1; y = x + 1; }.y") == "2")
    #expect(eval("let a = 1; b = a + 1; in with { c = 3; }; a + b + c") == "6")
    #expect(eval("({ a, b ? a * 10, ... }@args: [ a b args.c ]) { a = 1; c = 3; }") == "[ 1 10 3 ]")
    #expect(eval("({ a }: a) { a = 1; b = 2; }") == "error: function 'anonymous lambda' called with unexpected argument 'b'")
    #expect(eval("let f = { a }: a; in f { }") == "error: function 'f' called without required argument 'a'")
    #expect(eval("let s = { x = 1; }; in { inherit (s) x; y = s ? x; z = s.q or 5; }") == "{ x = 1; y = true; z = 5; }")
    #expect(eval("{ a = 1; } // { b = 2; a = 3; }") == "{ a = 3; b = 2; }")
    #expect(eval("let n = \"k\"; in { ${n} = 1; \"${n}2\" = 2; }") == "{ k = 1; k2 = 2; }")
    #expect(eval("{ __functor = self: x: x + 1; } 2") == "3")
  }

  @Test func lazinessAndRecursion() {
    #expect(eval("let x = x; in x") == "error: infinite recursion encountered")
    #expect(eval("let xs = [ 1 (throw \"no\") ]; in builtins.length xs") == "2")
    #expect(eval("builtins.tryEval (throw \"no\")") == "{ success = false; value = false; }")
    #expect(eval("let f = n: f (n + 1); in f 0") == "error: stack overflow; max-call-depth exceeded")
  }

  @Test func stringsAndLists() {
    #expect(eval("\"a${toString 12}b\"") == "\"a12b\"")
    #expect(eval("builtins.concatStringsSep \", \" (map toString [ 1 2 3 ])") == "\"1, 2, 3\"")
    #expect(eval("builtins.replaceStrings [ \"a\" \"\" ] [ \"b\" \"-\" ] \"xa\"") == "\"-xb-\"")
    #expect(eval("builtins.substring 1 2 \"hello\"") == "\"el\"")
    #expect(eval("builtins.sort (a: b: a < b) [ 3 1 2 ]") == "[ 1 2 3 ]")
    #expect(eval("builtins.filter (x: x > 1) [ 1 2 3 ] ++ [ 4 ]") == "[ 2 3 4 ]")
    #expect(eval("builtins.toJSON { a = [ 1 \"b\" null ]; }") == "\"{\\\"a\\\":[1,\\\"b\\\",null]}\"")
    #expect(eval("let x = [ 1 ]; in [ x x ]") == "[ [ 1 ] «repeated» ]")
    #expect(eval("let x = { a = 1; }; in [ x x ]") == "[ { a = 1; } «repeated» ]")
  }

  /// Values survive collections every 64 KiB: only the stack and the heap keep them.
  @Test func survivesCollections() {
    let program = """
      let
        fib = n: if n < 2 then n else fib (n - 1) + fib (n - 2);
        mk = n: { name = "k${toString n}"; value = { inherit n; sq = n * n; }; };
        big = builtins.listToAttrs (builtins.genList mk 3000);
        merged = builtins.foldl' (acc: i: acc // { "m${toString i}" = i; }) { } (builtins.genList (i: i) 300);
      in [ (fib 18) big.k2999.sq (builtins.length (builtins.attrNames merged))
           (builtins.foldl' builtins.add 0 (map (x: x.n) (builtins.attrValues big))) ]
      """
    var collections: UInt64 = 0
    #expect(eval(program, threshold: 64 * 1024, collections: &collections) == "[ 2584 8994001 300 4498500 ]")
    #expect(collections >= 5)
  }
}
