import Foundation
import Testing

/// `nixinv eval` end to end: printing, options, errors and exit codes.
@Suite struct EvalCommandTests {
  @Test func printsLikeNixInstantiate() throws {
    let r = try Nixinv.run(["eval", "-E", "{ b = [ 1 2.5 \"x\" ]; a = null; f = x: x; }"])
    #expect(r.status == 0)
    #expect(r.stdout == "{ a = null; b = [ 1 2.5 \"x\" ]; f = <LAMBDA>; }\n")
  }

  @Test func selectsWithAttrPathAndPrintsRaw() throws {
    let r = try Nixinv.run(["eval", "-A", "greeting", "--raw", "fixtures/eval/hello.nix"])
    #expect(r.status == 0)
    #expect(r.stdout == "hello from jon")
    let lazy = try Nixinv.run(["eval", "-A", "count", "fixtures/eval/hello.nix"])
    #expect(lazy.stdout == "2\n")
  }

  @Test func strictPrintingReportsTheFailingAttribute() throws {
    let r = try Nixinv.run(["eval", "fixtures/eval/hello.nix"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("… while evaluating the attribute 'unused'"))
    #expect(r.stderr.contains("error: never evaluated"))
  }

  @Test func errorsExitOneWithPosition() throws {
    let r = try Nixinv.run(["eval", "-E", "let x = x; in x"])
    #expect(r.status == 1)
    #expect(r.stderr == "error: infinite recursion encountered\n       at «string»:1:9:\n            1| let x = x; in x\n             |         ^\n")
  }

  @Test func suggestionsAreChosenAsNixChoosesThem() throws {
    // Every name within two edits, nearest first, then in byte order, at most five.
    let attribute = try Nixinv.run(["eval", "-E", "{ seq = 1; sub = 2; abc = 3; }.seb"])
    #expect(attribute.stderr.hasSuffix("       Did you mean one of seq or sub?\n"))
    let argument = try Nixinv.run(["eval", "-E", "({ x, z }: x + z) { x = \"a\"; y = \"b\"; z = \"c\"; }"])
    #expect(argument.stderr.hasSuffix("       Did you mean one of x or z?\n"))
    let many = try Nixinv.run(["eval", "-E", "{ a7 = 7; a6 = 6; a5 = 5; a4 = 4; a3 = 3; a2 = 2; a1 = 1; }.a"])
    #expect(many.stderr.hasSuffix("       Did you mean one of a1, a2, a3, a4 or a5?\n"))
    let one = try Nixinv.run(["eval", "-E", "{ seq = 1; sx = 2; }.sq"])
    #expect(one.stderr.hasSuffix("       Did you mean one of seq or sx?\n"))
    let inherited = try Nixinv.run(["eval", "-E", "let s = { yy = 1; }; in { inherit (s) y; }.y"])
    #expect(inherited.stderr.hasSuffix("       Did you mean yy?\n"))
    // Builtins that look up a name (getAttr, listToAttrs, genericClosure) suggest nothing.
    let builtin = try Nixinv.run(["eval", "-E", "builtins.getAttr \"sq\" { seq = 1; }"])
    #expect(builtin.status == 1)
    #expect(!builtin.stderr.contains("Did you mean"))
    // Names are compared as bytes: two bytes of invalid UTF-8 are two edits from 'a'.
    let file = try Nixinv.temporaryFile([UInt8]("{ \"".utf8) + [0xFF, 0xFE] + [UInt8]("\" = 1; zz = 2; }.a".utf8))
    let bytes = try Nixinv.run(["eval", file])
    #expect(bytes.stderr.contains("Did you mean one of zz or "))
  }

  /// Symbol numbers order attribute sets; the names of builtins and of `fromTOML` keys must not
  /// be numbered in a dictionary's hash order, which changes from one run to the next.
  @Test(arguments: [
    "{ filter = throw \"F\"; length = throw \"L\"; head = throw \"H\"; tail = throw \"T\"; elem = throw \"E\"; }",
    "({ x ? 1 }: x) { filter = 1; length = 2; head = 3; tail = 4; }",
    "builtins.mapAttrs (n: v: throw n) (builtins.fromTOML \"zq = 1\\nzr = 2\\nzs = 3\\nzt = 4\")",
    "builtins.seb",
  ])
  func everyRunReportsTheSameError(expression: String) throws {
    let first = try Nixinv.run(["eval", "--strict", "-E", expression])
    #expect(first.status == 1)
    for _ in 0..<4 {
      let again = try Nixinv.run(["eval", "--strict", "-E", expression])
      #expect(again.stderr == first.stderr)
    }
  }

  @Test func usageErrorsExitTwo() throws {
    let r = try Nixinv.run(["eval", "--no-such-flag", "-E", "1"])
    #expect(r.status == 2)
  }

  @Test func autoCallsTopLevelFunctions() throws {
    let r = try Nixinv.run(["eval", "--arg", "a", "1 + 1", "--argstr", "b", "x", "-E", "{ a, b, c ? 3 }: [ a b c ]"])
    #expect(r.status == 0)
    #expect(r.stdout == "[ 2 \"x\" 3 ]\n")
  }

  @Test func topLevelFunctionsAreCalledOnlyWithArguments() throws {
    // As nix-instantiate --eval: no --arg/--argstr, no call.
    let plain = try Nixinv.run(["eval", "-E", "{ a ? 1 }: a"])
    #expect(plain.stdout == "<LAMBDA>\n")
    // An argument it does not take is left out; the others take their defaults.
    let other = try Nixinv.run(["eval", "--argstr", "x", "1", "-E", "{ a ? 1 }: { b = a; }"])
    #expect(other.stdout == "{ b = 1; }\n")
    // With `...` every argument is passed.
    let all = try Nixinv.run(["eval", "--arg", "a", "1", "--arg", "z", "2", "-E", "{ a, ... }@x: x"])
    #expect(all.stdout == "{ a = 1; z = 2; }\n")
    // -A calls on the way (defaults), then selects.
    let selected = try Nixinv.run(["eval", "-A", "b", "-E", "{ a ? 1 }: { b = a; }"])
    #expect(selected.stdout == "1\n")
    let functor = try Nixinv.run(["eval", "-A", "b", "-E", "{ __functor = self: { a ? 3 }: { b = a; }; }"])
    #expect(functor.stdout == "3\n")
    let missing = try Nixinv.run(["eval", "-A", "b", "-E", "{ a }: { b = a; }"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("cannot evaluate a function that has an argument without a value ('a')"))
  }

  @Test func selectionPathsAsNixReadsThem() throws {
    let quoted = try Nixinv.run(["eval", "-A", "a.\"b.c\"", "-E", "{ a.\"b.c\" = 1; }"])
    #expect(quoted.stdout == "1\n")
    let index = try Nixinv.run(["eval", "-A", "l.1", "-E", "{ l = [ 1 2 ]; }"])
    #expect(index.stdout == "2\n")
    let notSet = try Nixinv.run(["eval", "-A", "a.b", "-E", "{ a = 1; }"])
    #expect(notSet.stderr.contains("the expression selected by the selection path 'a.b' should be a set but is an integer"))
    let notFound = try Nixinv.run(["eval", "-A", "a.\"x.y\"", "-E", "{ a = { }; }"])
    #expect(notFound.stderr.contains("attribute 'x.y' in selection path 'a.\"x.y\"' not found"))
  }

  @Test func abortOnWarnStopsAtTheWarning() throws {
    let expr = "builtins.tryEval (builtins.warn \"careful\" 1)"
    let plain = try Nixinv.run(["eval", "-E", expr])
    #expect(plain.status == 0)
    #expect(plain.stderr.contains("evaluation warning: careful"))
    for run in [
      try Nixinv.run(["eval", "-E", expr], environment: ["NIX_ABORT_ON_WARN": "1"]),
      try Nixinv.run(["eval", "--option", "abort-on-warn", "true", "-E", expr]),
    ] {
      // Not catchable by tryEval.
      #expect(run.status == 1)
      #expect(run.stderr.contains("evaluation warning: careful"))
      #expect(run.stderr.contains("aborting to reveal stack trace of warning, as abort-on-warn is set"))
    }
  }

  @Test func escapesInMessagesAreRemovedOffATerminal() throws {
    let r = try Nixinv.run(["eval", "-E", "throw \"a\u{1B}[1;31mb\u{1B}[0mc\""])
    #expect(r.status == 1)
    #expect(r.stderr.contains("error: abc"))
    #expect(!r.stderr.contains("\u{1B}"))
  }

  @Test func limitsEndInAClearError() throws {
    // 2^40 calls, 40 deep: only a limit stops it.
    let explode = "let f = n: if n == 0 then 0 else f (n - 1) + f (n - 1); in f 40"
    let r = try Nixinv.run(["eval", "--max-steps", "1000", "-E", explode])
    #expect(r.status == 1)
    #expect(r.stderr.contains("step limit of 1000"))
    let t = try Nixinv.run(["eval", "--timeout", "0.2", "-E", explode])
    #expect(t.status == 1)
    #expect(t.stderr.contains("timed out"))
  }
}
