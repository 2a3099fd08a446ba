import Testing

@testable import NixParser

/// Nix's operator table, loosest first:
/// `->` (right), `||` (left), `&&` (left), `==` `!=` (none), `<` `>` `<=` `>=` (none), `//` (right),
/// `!`, `+` `-` (left), `*` `/` (left), `++` (right), `?`, unary `-`; then application and `.`.
@Suite struct ParserPrecedenceTests: ParserTesting {
  static let associativity: [(String, String)] = [
    ("a -> b -> c", "(a -> (b -> c))"),
    ("a || b || c", "((a || b) || c)"),
    ("a && b && c", "((a && b) && c)"),
    ("a // b // c", "(a // (b // c))"),
    ("a + b + c", "((a + b) + c)"),
    ("a - b - c", "(__sub (__sub a b) c)"),
    ("a + b - c", "(__sub (a + b) c)"),
    ("a - b + c", "((__sub a b) + c)"),
    ("a * b * c", "(__mul (__mul a b) c)"),
    ("a * b / c", "(__div (__mul a b) c)"),
    ("a / b * c", "(__mul (__div a b) c)"),
    ("a ++ b ++ c", "(a ++ (b ++ c))"),
  ]

  static let levels: [(String, String)] = [
    ("a -> b || c", "(a -> (b || c))"),
    ("a || b -> c", "((a || b) -> c)"),
    ("a -> b -> c || d", "(a -> (b -> (c || d)))"),
    ("a || b && c", "(a || (b && c))"),
    ("a && b || c", "((a && b) || c)"),
    ("a == b && c", "((a == b) && c)"),
    ("a && b != c", "(a && (b != c))"),
    ("a == b < c", "(a == (__lessThan b c))"),
    ("a < b == c", "((__lessThan a b) == c)"),
    ("a < b // c", "(__lessThan a (b // c))"),
    ("a // b < c", "(__lessThan (a // b) c)"),
    ("a // b + c", "(a // (b + c))"),
    ("a + b // c", "((a + b) // c)"),
    ("a + b * c", "(a + (__mul b c))"),
    ("a * b + c", "((__mul a b) + c)"),
    ("a * b ++ c", "(__mul a (b ++ c))"),
    ("a ++ b * c", "(__mul (a ++ b) c)"),
    ("a ? b ++ c", "(((a) ? b) ++ c)"),
    ("a ++ b ? c", "(a ++ ((b) ? c))"),
    ("a ? b + 1", "(((a) ? b) + 1)"),
  ]

  static let prefixOperators: [(String, String)] = [
    ("-x", "(__sub 0 x)"),
    ("- - a", "(__sub 0 (__sub 0 a))"),
    ("a - -b", "(__sub a (__sub 0 b))"),
    ("-a + b", "((__sub 0 a) + b)"),
    ("-a * b", "(__mul (__sub 0 a) b)"),
    ("-a ++ b", "((__sub 0 a) ++ b)"),
    ("-a ? b", "(((__sub 0 a)) ? b)"),
    ("-a.b", "(__sub 0 (a).b)"),
    ("-f x", "(__sub 0 (f x))"),
    ("f -1", "(__sub f 1)"),
    ("!a", "(! a)"),
    ("!!a", "(! (! a))"),
    // `!` binds looser than `+` but tighter than `//` and `==`.
    ("!a + b", "(! (a + b))"),
    ("!a * b", "(! (__mul a b))"),
    ("!a // b", "((! a) // b)"),
    ("!a == b", "((! a) == b)"),
    ("!a && b", "((! a) && b)"),
    ("! a ? b", "(! ((a) ? b))"),
    ("a && !b", "(a && (! b))"),
    // A `!` operand may follow any binary operator and then reads as far as `+` allows.
    ("a + !b", "(a + (! b))"),
    ("a + !b + c", "(a + (! (b + c)))"),
    ("a * !b + c", "(__mul a (! (b + c)))"),
    ("a == !b", "(a == (! b))"),
    ("!a -> b", "((! a) -> b)"),
    ("!a b", "(! (a b))"),
  ]

  static let comparisons: [(String, String)] = [
    ("a < b", "(__lessThan a b)"),
    ("a > b", "(__lessThan b a)"),
    ("a <= b", "(! (__lessThan b a))"),
    ("a >= b", "(! (__lessThan a b))"),
    ("a == b", "(a == b)"),
    ("a != b", "(a != b)"),
    ("a + b", "(a + b)"),
    ("a - b", "(__sub a b)"),
    ("a * b", "(__mul a b)"),
    ("a / b", "(__div a b)"),
    ("a//b", "(a // b)"),
    ("a/ b", "(__div a b)"),
    ("1-1", "(__sub 1 1)"),
    ("let a-1 = 2; in a-1", "(let a-1 = 2; in a-1)"),
  ]

  static let applicationAndSelection: [(String, String)] = [
    ("f a", "(f a)"),
    ("f a b", "(f a b)"),
    ("(f a) b", "(f a b)"),
    ("((f a) b) c", "(f a b c)"),
    ("f (a b)", "(f (a b))"),
    ("f (g) x", "(f g x)"),
    ("(a - b) c", "(__sub a b c)"),
    ("(a < b) c", "(__lessThan a b c)"),
    ("(-a) b", "(__sub 0 a b)"),
    ("f a.b c", "(f (a).b c)"),
    ("f a + g b", "((f a) + (g b))"),
    ("a.b.c", "(a).b.c"),
    ("a.b.c d", "((a).b.c d)"),
    ("(a.b).c", "((a).b).c"),
    ("{ a = 1; }.a", "({ a = 1; }).a"),
    ("a.\"b c\".d", "(a).\"b c\".d"),
    ("a.${b}.c", "(a).\"${b}\".c"),
    ("a.\"${b}\"", "(a).\"${(b)}\""),
    ("a.${\"b\"}", "(a).b"),
    ("a.or", "(a).or"),
    ("a.b or c", "(a).b or (c)"),
    ("a.b or c.d", "(a).b or ((c).d)"),
    ("a.b or c d", "((a).b or (c) d)"),
    ("a.b or (c d)", "(a).b or ((c d))"),
    ("a.b.c or d e", "((a).b.c or (d) e)"),
    ("f a.b or c", "(f (a).b or (c))"),
    // Legacy: `e or` is a call of `e` on the variable `or`.
    ("with { or = 1; }; a or", "(with { or = 1; }; (a or))"),
    ("with { or = 1; }; a or b", "(with { or = 1; }; (a or b))"),
  ]

  static let hasAttr: [(String, String)] = [
    ("a ? b", "((a) ? b)"),
    ("a ? b.c", "((a) ? b.c)"),
    ("a ? \"b c\"", "((a) ? \"b c\")"),
    ("a ? ${b}", "((a) ? \"${b}\")"),
    ("a ? \"b\".${c}", "((a) ? b.\"${c}\")"),
    ("a.b ? c", "(((a).b) ? c)"),
    ("f a ? b", "(((f a)) ? b)"),
    // The right side of `?` is an attribute path, so `?` chains (Bison never sees a conflict).
    ("a ? b ? c", "((((a) ? b)) ? c)"),
  ]

  /// Operators of one non-associative level do not chain.
  static let nonAssociative: [String] = [
    "a == b == c", "a != b == c", "a == b != c", "a < b < c", "a <= b >= c", "a > b < c", "a < b > c",
    "a >= b <= c",
  ]

  @Test(arguments: associativity) func associates(_ src: String, _ expected: String) {
    #expect(printed(src) == expected)
  }
  @Test(arguments: levels) func level(_ src: String, _ expected: String) { #expect(printed(src) == expected) }
  @Test(arguments: prefixOperators) func prefixOperator(_ src: String, _ expected: String) {
    #expect(printed(src) == expected)
  }
  @Test(arguments: comparisons) func comparison(_ src: String, _ expected: String) {
    #expect(printed(src) == expected)
  }
  @Test(arguments: applicationAndSelection) func applicationOrSelection(_ src: String, _ expected: String) {
    #expect(printed(src) == expected)
  }
  @Test(arguments: hasAttr) func hasAttribute(_ src: String, _ expected: String) { #expect(printed(src) == expected) }

  @Test(arguments: nonAssociative) func chainingIsAnError(_ src: String) {
    let out = printed(src)
    #expect(out.hasPrefix("error: syntax error, unexpected '"), "\(src) gave \(out)")
  }

  @Test func mixingLevelsAroundNonAssociativeOperatorsIsFine() {
    #expect(printed("a == b && c == d") == "((a == b) && (c == d))")
    #expect(printed("a < b == c < d") == "((__lessThan a b) == (__lessThan c d))")
    #expect(printed("(a == b) == c") == "((a == b) == c)")
  }

  @Test func everythingAtOnce() {
    #expect(
      printed("a -> b || c && d == e < f // g + x * y ++ z")
        == "(a -> (b || (c && (d == (__lessThan e (f // (g + (__mul x (y ++ z)))))))))")
    #expect(
      printed("z ++ y * x + g // f < e == d && c || b -> a")
        == "(((((__lessThan (((__mul (z ++ y) x) + g) // f) e) == d) && c) || b) -> a)")
  }

  @Test func bodiesExtendAsFarAsPossible() {
    #expect(printed("x: x + 1") == "(x: (x + 1))")
    #expect(printed("with a; b + c") == "(with a; (b + c))")
    #expect(printed("assert a; b + c") == "assert a; (b + c)")
    #expect(printed("let y = 1; in y + 1") == "(let y = 1; in (y + 1))")
    #expect(printed("if a then b else c + d") == "(if a then b else (c + d))")
    #expect(printed("a + (x: x) b") == "(a + ((x: x) b))")
  }
}
