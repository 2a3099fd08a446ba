import Testing

/// Nix's operator table, checked through the printed form (every operation parenthesised).
@Suite struct PrecedenceTests {
  static let cases: [(String, String)] = [
    ("a -> b -> c", "(a -> (b -> c))"),
    ("a || b || c", "((a || b) || c)"),
    ("a && b || c", "((a && b) || c)"),
    ("a || b && c", "(a || (b && c))"),
    ("a -> b || c", "(a -> (b || c))"),
    ("a == b && c", "((a == b) && c)"),
    ("a < b == c", "((__lessThan a b) == c)"),
    ("a > b", "(__lessThan b a)"),
    ("a <= b", "(! (__lessThan b a))"),
    ("a >= b", "(! (__lessThan a b))"),
    ("a // b // c", "(a // (b // c))"),
    ("a // b == c", "((a // b) == c)"),
    ("!a // b", "((! a) // b)"),
    ("!a + b", "(! (a + b))"),
    ("!a == b", "((! a) == b)"),
    ("a + b + c", "((a + b) + c)"),
    ("a - b - c", "(__sub (__sub a b) c)"),
    ("a + b * c", "(a + (__mul b c))"),
    ("a / b * c", "(__mul (__div a b) c)"),
    ("a * b ++ c", "(__mul a (b ++ c))"),
    ("a ++ b ++ c", "(a ++ (b ++ c))"),
    ("a ++ b ? c", "(a ++ ((b) ? c))"),
    ("-a", "(__sub 0 a)"),
    ("-a + b", "((__sub 0 a) + b)"),
    ("- f x", "(__sub 0 (f x))"),
    ("-a ? b", "(((__sub 0 a)) ? b)"),
    ("- -a", "(__sub 0 (__sub 0 a))"),
    ("f a b", "(f a b)"),
    ("(f a) b", "(f a b)"),
    ("f a.b c", "(f (a).b c)"),
    ("a.b.c or d", "(a).b.c or (d)"),
    ("f a.b or c", "(f (a).b or (c))"),
    ("a ? b.c", "((a) ? b.c)"),
    ("let or = 1; in a b or", "(let or = 1; in (a (b or)))"),
  ]

  @Test(arguments: cases)
  func operators(_ source: String, _ expected: String) {
    #expect(printed(source) == expected)
  }

  @Test(arguments: ["a == b == c", "a < b < c", "a != b == c", "a <= b > c"])
  func nonAssociativeOperatorsDoNotChain(_ source: String) {
    #expect(messages(source).first?.hasPrefix("syntax error, unexpected") == true)
  }
}
