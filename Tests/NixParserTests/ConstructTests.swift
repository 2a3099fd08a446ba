import Testing

/// Every construct, as `nix-instantiate --parse` prints it.
@Suite struct ConstructTests {
  static let cases: [(String, String)] = [
    // Literals.
    ("123", "123"),
    ("1.5", "1.5"),
    ("0.1", "0.1"),
    ("1.0e20", "1e+20"),
    ("123456789.0", "1.23457e+08"),
    ("\"a\\\"b\\\\c\\nd\\te\\rf\"", "\"a\\\"b\\\\c\\nd\\te\\rf\""),
    ("\"\\${x} $${y}\"", "\"\\${x} $\\${y}\""),
    ("\"a${b}c\"", "(\"a\" + b + \"c\")"),
    ("\"${b}\"", "(b)"),
    ("http://example.org/x", "\"http://example.org/x\""),
    ("__curPos", "__curPos"),
    // Paths.
    ("./a", "/dir/a"),
    ("./a/../b/./c", "/dir/b/c"),
    ("../x", "/x"),
    ("/abs/./p", "/abs/p"),
    ("a/b", "/dir/a/b"),
    ("~/x", "/home/u/x"),
    ("./a/${b}", "(/dir/a/ + b)"),
    ("./a${b}.nix", "(/dir/a + b + \".nix\")"),
    ("<nixpkgs>", "(__findFile __nixPath \"nixpkgs\")"),
    // Attribute sets.
    ("{ }", "{ }"),
    ("{ b = 1; a = 2; }", "{ a = 2; b = 1; }"),
    ("rec { a = 1; b = a; }", "rec { a = 1; b = a; }"),
    ("let c = {}; b = 1; in { inherit b; inherit (c) y x; a = 1; }", "(let b = 1; c = { }; in { inherit b; inherit (c) x y; a = 1; })"),
    ("{ a.b = 1; a.c = 2; }", "{ a = { b = 1; c = 2; }; }"),
    ("{ a.b = 1; a = { c = 2; }; }", "{ a = { b = 1; c = 2; }; }"),
    ("{ \"a b\" = 1; \"if\" = 2; x-y = 3; }", "{ \"a b\" = 1; \"if\" = 2; x-y = 3; }"),
    ("{ ${\"a\"} = 1; }", "{ a = 1; }"),
    ("x: { ${x} = 1; }", "(x: { \"${x}\" = 1; })"),
    ("x: { \"${x}y\" = 1; }", "(x: { \"${(x + \"y\")}\" = 1; })"),
    ("{ or = 1; }", "{ or = 1; }"),
    ("a: a.\"b c\".${a}", "(a: (a).\"b c\".\"${a}\")"),
    // Lists.
    ("[ ]", "[ ]"),
    ("[ 1 \"a\" f x ]", "[ (1) (\"a\") (f) (x) ]"),
    ("[ (f x) a.b ]", "[ ((f x)) ((a).b) ]"),
    // Scoping and control.
    ("let a = 1; in a", "(let a = 1; in a)"),
    ("let { body = 1; }", "(rec { body = 1; }).body"),
    ("with {}; x", "(with { }; x)"),
    ("assert true; 1", "assert true; 1"),
    ("if a then b else c", "(if a then b else c)"),
    // Functions.
    ("x: x", "(x: x)"),
    ("x: y: x", "(x: (y: x))"),
    ("{ b, a ? 1, ... }: a", "({ a ? 1, b, ... }: a)"),
    ("{ ... }: 1", "({ ... }: 1)"),
    ("{ }: 1", "({  }: 1)"),
    ("args@{ a }: a", "({ a } @ args: a)"),
    ("{ a } @ args: a", "({ a } @ args: a)"),
    ("{ a, }: a", "({ a }: a)"),
    // Indented strings.
    ("''\n  a\n    b\n''", "\"a\\n  b\\n\""),
    ("''\n  a\n  ''", "\"a\\n\""),
    ("''  x''", "\"x\""),
    ("''  x\n y''", "\" x\\ny\""),
    // Escapes are parts of their own, printed as a concatenation, as Nix does.
    ("''a''$b'''c''\\nd''", "(\"a\" + \"$\" + \"b\" + \"''\" + \"c\" + \"\\n\" + \"d\")"),
    ("x: ''\n  ${x}\n    y\n''", "(x: (x + \"\\n  y\\n\"))"),
    ("''''", "\"\""),
  ]

  @Test(arguments: cases)
  func printsAsNix(_ source: String, _ expected: String) {
    #expect(printed(source) == expected)
  }

  @Test func lambdasAreNamedByTheirAttribute() throws {
    let (result, symbols, _) = parsed("{ f = x: x; }")
    guard case .attrSet(let set)? = result.expression, case .plain(.lambda(let lambda)) = set.entries[0].value else {
      Issue.record("expected a set holding a lambda")
      return
    }
    #expect(lambda.name.map { symbols[$0] } == "f")
  }
}
