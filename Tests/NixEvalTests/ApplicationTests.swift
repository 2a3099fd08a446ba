import NixEval
import Testing

/// Partial applications of builtins (held in the application object, at most two arguments)
/// and the two-argument thunks `mapAttrs` and `zipAttrsWith` make (`f name value`, called
/// without the partial application in between): each way a function can come out of them must
/// still give Nix's value.
struct ApplicationTests {
  @Test(arguments: [
    // A builtin of three arguments applied one at a time, and the partial shared.
    ("let f = builtins.foldl' (a: b: a + b); g = f 10; in [ (g [ 1 2 ]) (f 0 [ 3 ]) (g [ ]) ]", "[ 13 3 10 ]"),
    ("let s = builtins.substring 1; in [ (s 2 \"hello\") (s 3 \"hello\") ]", "[ \"el\" \"ell\" ]"),
    ("let m = map (x: x * 2); in m [ 1 2 3 ]", "[ 2 4 6 ]"),
    ("builtins.typeOf (builtins.foldl' (a: b: a))", "\"lambda\""),
    // mapAttrs with a lambda of two parameters, a lambda returning a builtin, a builtin, a thunk.
    ("builtins.mapAttrs (n: v: n + toString v) { a = 1; b = 2; }", "{ a = \"a1\"; b = \"b2\"; }"),
    ("builtins.mapAttrs (n: builtins.add 1) { a = 1; b = 2; }", "{ a = 2; b = 3; }"),
    ("builtins.mapAttrs builtins.seq { a = 1; }", "{ a = 1; }"),
    ("let f = if true then (n: v: v + 1) else null; in builtins.mapAttrs f { a = 1; }", "{ a = 2; }"),
    ("builtins.mapAttrs (n: { x, ... }: x + 1) { a = { x = 1; y = 2; }; }", "{ a = 2; }"),
    ("builtins.zipAttrsWith (n: vs: builtins.length vs) [ { a = 1; } { a = 2; b = 3; } ]", "{ a = 2; b = 1; }"),
    // Laziness: an attribute whose function fails is not forced by reading another.
    ("(builtins.mapAttrs (n: v: if n == \"bad\" then throw \"no\" else v) { bad = 1; ok = 2; }).ok", "2"),
    ("builtins.tryEval (builtins.mapAttrs (n: v: throw \"no\") { a = 1; }).a", "{ success = false; value = false; }"),
  ])
  func applications(source: String, expected: String) {
    #expect(evaluated(source) == expected)
  }

  @Test func mapAttrsWithANonFunctionFailsWhenForced() {
    #expect(evaluated("builtins.mapAttrs 1 { a = 1; }").hasPrefix("error: attempt to call something which is not a function but an integer"))
    #expect(evaluated("builtins.attrNames (builtins.mapAttrs 1 { a = 1; })") == "[ \"a\" ]")
  }

  @Test func mapAttrsChecksFormals() {
    #expect(evaluated("(builtins.mapAttrs (n: { x }: x) { a = { y = 1; }; }).a").contains("called without required argument 'x'"))
  }
}
