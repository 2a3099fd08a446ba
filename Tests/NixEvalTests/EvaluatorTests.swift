import NixEval
import Testing

/// Values and language constructs, each checked against what `nix-instantiate --eval --strict`
/// printed for the same expression.
@Suite struct ValueKindTests {
  @Test(arguments: [
    ("null", "null"),
    ("true", "true"),
    ("42", "42"),
    ("-7", "-7"),
    ("1.5", "1.5"),
    (#""a\nb\t\"c\" \${x}""#, #""a\nb\t\"c\" \${x}""#),
    ("./.", "/test"),
    (#"[ 1 "two" [ 3 ] ]"#, #"[ 1 "two" [ 3 ] ]"#),
    (#"{ b = 2; a = 1; "c d" = 3; }"#, #"{ a = 1; b = 2; "c d" = 3; }"#),
    ("{ }", "{ }"),
    ("[ ]", "[ ]"),
    ("x: x", "<LAMBDA>"),
    ("builtins.map", "<PRIMOP>"),
    ("builtins.add 1", "<PRIMOP-APP>"),
  ])
  func printsEachKind(_ source: String, _ expected: String) {
    #expect(evaluated(source) == expected)
  }

  /// A list is «repeated» when the same cell is met again, a set when the same attributes are
  /// (as nix-instantiate 2.8 prints each of these).
  @Test(arguments: [
    ("let x = [ x ]; in x", "[ [ «repeated» ] ]"),
    ("let x = [ x ]; in [ x ]", "[ [ «repeated» ] ]"),
    ("let a = { x = a; }; in a", "{ x = «repeated»; }"),
    ("let a = [ 1 ]; in [ a a ]", "[ [ 1 ] «repeated» ]"),
    ("let x = { inherit x; }; in [ x x ]", "[ { x = «repeated»; } «repeated» ]"),
  ])
  func printsRepeatedValuesAsNix(_ source: String, _ expected: String) {
    #expect(evaluated(source) == expected)
  }
}

@Suite struct ConstructTests {
  @Test(arguments: [
    ("let x = 1; y = x + 1; in [ x y ]", "[ 1 2 ]"),
    ("let a = b; b = 1; in a", "1"),
    ("rec { a = 1; b = a + 1; }", "{ a = 1; b = 2; }"),
    ("let f = { a, b ? a * 2, ... }@args: [ a b (args ? c) ]; in f { a = 3; c = 1; }", "[ 3 6 true ]"),
    ("let f = { a, b ? a * 2 }: b; in f { a = 3; }", "6"),
    ("with { x = 1; }; with { x = 2; y = 3; }; [ x y ]", "[ 2 3 ]"),
    ("let x = 5; in with { x = 1; }; x", "5"),
    ("{ a.b.c = 1; a.b.d = 2; }", "{ a = { b = { c = 1; d = 2; }; }; }"),
    ("let s = { a = 1; }; in [ (s ? a) (s ? b) (s.b or 7) (s ? a.b) ]", "[ true false 7 false ]"),
    ("{ a = 1; } // { b = 2; a = 3; }", "{ a = 3; b = 2; }"),
    ("[ 1 ] ++ [ 2 3 ]", "[ 1 2 3 ]"),
    (#"[ (1 < 2) (2 <= 1) ("a" < "b") ([ 1 2 ] < [ 1 3 ]) (1 == 1.0) ("a" != "b") ]"#, "[ true false true true true true ]"),
    ("[ (7 / 2) (7.0 / 2) (2 * 3) (5 - 8) (-(3)) ]", "[ 3 3.5 6 -3 -3 ]"),
    (#"let name = "k"; in { ${name} = 1; "${name}2" = 2; }"#, "{ k = 1; k2 = 2; }"),
    (#"if 1 > 2 then "a" else "b""#, #""b""#),
    (#"assert true; "ok""#, #""ok""#),
    ("[ (true && false) (true || false) (false -> true) (!true) ]", "[ false true true false ]"),
    ("let a = { x = 1; }; in { inherit (a) x; inherit a; }", "{ a = { x = 1; }; x = 1; }"),
    ("{ __functor = self: x: x + 1; } 41", "42"),
    ("let f = x: y: x + y; in (f 1) 2", "3"),
    ("{ a = { b = { c = 1; }; }; }.a.b.c", "1"),
    (#""${{ outPath = "/out"; }}""#, #""/out""#),
    (#""${{ __toString = self: "str"; }}""#, #""str""#),
    ("builtins.functionArgs ({ a, b ? 1 }: a)", "{ a = false; b = true; }"),
    (#"builtins.typeOf [ ]"#, #""list""#),
    ("let f = x: x; in [ f ] == [ f ]", "true"),
    ("let f = x: x; in f == f", "false"),
    ("rec { x = 1; __overrides = { x = 2; }; y = x; }.y", "2"),
    // Sets and arithmetic built early must not read a scope's slots before they are filled.
    ("let a = { x = b; }; b = 1; in a.x", "1"),
    ("rec { a = { x = b; }; b = 2; }.a.x", "2"),
    ("({ p ? { y = q; }, q ? 3 }: p.y) { }", "3"),
    ("let a = b + 1; b = 2; in a", "3"),
  ])
  func evaluates(_ source: String, _ expected: String) {
    #expect(evaluated(source) == expected)
  }
}

@Suite struct LazinessTests {
  @Test func unusedThrowNeverFires() {
    #expect(evaluated(#"let xs = [ (throw "never") 2 ]; in builtins.length xs"#) == "2")
    #expect(evaluated(#"{ a = throw "never"; b = 1; }.b"#) == "1")
    #expect(evaluated(#"(x: 1) (throw "never")"#) == "1")
    #expect(evaluated(#"let x = throw "never"; in 3"#) == "3")
  }

  @Test func tryEvalCatchesThrowAndAssert() {
    #expect(evaluated(#"builtins.tryEval (throw "no")"#) == "{ success = false; value = false; }")
    #expect(evaluated("builtins.tryEval (assert false; 1)") == "{ success = false; value = false; }")
    #expect(evaluated("builtins.tryEval 1") == "{ success = true; value = 1; }")
  }

  @Test func abortIsNotCatchable() {
    #expect(evaluated(#"builtins.tryEval (abort "stop")"#).hasPrefix("error: evaluation aborted"))
  }

  @Test func hasAttrTestsOnlyPresence() {
    // `?` never forces the value it finds, at any depth of the path.
    #expect(evaluated(#"{ a = throw "x"; } ? a"#) == "true")
    #expect(evaluated(#"{ a.b = throw "x"; } ? a.b"#) == "true")
    #expect(evaluated("let x = { a = x ? a; }; in x.a") == "true")
    #expect(evaluated("let f = x: { a = if x ? a then 1 else 2; }; fix = f: let x = f x; in x; in (fix f).a") == "1")
    // The values on the way are forced to see whether they are sets.
    #expect(evaluated("{ a = 1; } ? a.b") == "false")
    #expect(evaluated(#"{ a = throw "y"; } ? a.b"#) == "error: y")
  }

  @Test func aThunkRunsOnce() {
    // `builtins.trace` would print twice if `x` were evaluated twice; the count shows once.
    var traces = 0
    var options = EvalOptions()
    options.traceSink = { _ in traces += 1 }
    let ev = Evaluator(options: options)
    let file = ev.sources.add(
      name: "/t.nix", directory: "/", bytes: Array(#"let x = builtins.trace "once" 1; in x + x"#.utf8))
    #expect(throws: Never.self) {
      let v = try ev.evaluate(file: file)
      #expect(String(decoding: ValuePrinter.print(v, ev, style: .output), as: UTF8.self) == "2")
    }
    #expect(traces == 1)
  }
}

@Suite struct EvalErrorTests {
  @Test(arguments: [
    ("let x = x; in x", "error: infinite recursion encountered"),
    ("rec { a = b; b = a; }.a", "error: infinite recursion encountered"),
    ("9223372036854775807 + 1", "error: integer overflow in adding 9223372036854775807 + 1"),
    ("1 / 0", "error: division by zero"),
    (#""a" + 1"#, "error: cannot coerce an integer to a string: 1"),
    (#"1 + "a""#, "error: cannot add a string to an integer"),
    ("(x: x) 1 2", "error: attempt to call something which is not a function but an integer: 1"),
    ("{ a = 1; }.b", "error: attribute 'b' missing"),
    (#"abort "stop""#, "error: evaluation aborted with the following error message: 'stop'"),
    (#"throw "thrown""#, "error: thrown"),
    ("assert 1 == 2; 3", "error: an integer with value '1' is not equal to an integer with value '2'"),
    ("assert false; 3", "error: assertion 'false' failed"),
    ("({ a }: a) { }", "error: function 'anonymous lambda' called without required argument 'a'"),
    // Every argument name is checked, not the count: a left-out default leaves room for a typo.
    (#"({ name, tags ? [ ] }: name) { name = "jon"; tag = [ ]; }"#,
     "error: function 'anonymous lambda' called with unexpected argument 'tag'"),
    ("({ a }: a) { a = 1; b = 2; }", "error: function 'anonymous lambda' called with unexpected argument 'b'"),
    ("let f = { a }: a; in f { }", "error: function 'f' called without required argument 'a'"),
    ("if 1 then 2 else 3", "error: expected a Boolean but found an integer: 1"),
    (#"{ "${"a"}" = 1; a = 2; }"#, "error: dynamic attribute 'a' already defined at /test/input.nix:1:17"),
    ("with 1; x", "error: expected a set but found an integer: 1"),
    ("with { }; x", "error: undefined variable 'x'"),
  ])
  func reportsNixMessage(_ source: String, _ expected: String) {
    #expect(evaluated(source) == expected)
  }

  @Test func deepRecursionIsAnErrorNotACrash() {
    let deep = evaluated("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 10000000")
    // The call-depth limit, or the stack guard first on a test thread's small stack.
    #expect(deep == "error: stack overflow; max-call-depth exceeded" || deep == "error: stack overflow (possible infinite recursion)")
    // A chain of thunks, no calls: limited by the stack guard. (Each binding reads a later
    // one: read in order, each would be computed as the scope is filled, with no thunk.)
    var source = "let x200000 = 0;\n"
    for i in 0..<200_000 { source += "x\(i) = x\(i + 1) + 1;\n" }
    source += "in x0"
    let chain = evaluated(source)
    #expect(chain == "200000" || chain == "error: stack overflow (possible infinite recursion)")
  }

  /// The depth limit is counted where evaluation can nest without bound: in forcing thunks
  /// (a chain of them, no call in between) and in calls.
  @Test func evaluationDepthLimitHoldsForThunkChains() {
    var options = EvalOptions()
    options.maxEvalDepth = 500
    let ev = Evaluator(options: options)
    // Each binding reads a later one, so that none is computed while the scope is filled.
    var source = "let x2000 = 0;\n"
    for i in 0..<2_000 { source += "x\(i) = x\(i + 1) + 1;\n" }
    source += "in x0"
    let file = ev.sources.add(name: "/test/chain.nix", directory: "/test", bytes: Array(source.utf8))
    do throws(EvalError) {
      let v = try ev.evaluate(file: file)
      Issue.record("evaluated to \(v.typeName) past the depth limit")
    } catch {
      #expect(error.message == "stack overflow (possible infinite recursion)")
    }
    // Within the limit, the same evaluator goes on working.
    let small = ev.sources.add(name: "/test/small.nix", directory: "/test", bytes: Array("let a = 1; b = a + 1; in b".utf8))
    #expect((try? ev.evaluate(file: small)).map { if case .int(2) = $0 { true } else { false } } == true)
  }

  @Test func pureModeRefusesReadsOutsideTheTree() {
    let result = evaluated(#"builtins.readFile /etc/hostname"#)
    #expect(result.hasPrefix("error: access to absolute path '/etc/hostname' is forbidden in pure evaluation mode"))
    #expect(evaluated(#"builtins.getEnv "HOME""#) == #""""#)
  }
}
