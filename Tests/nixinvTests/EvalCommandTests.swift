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

  @Test func usageErrorsExitTwo() throws {
    let r = try Nixinv.run(["eval", "--no-such-flag", "-E", "1"])
    #expect(r.status == 2)
  }

  @Test func autoCallsTopLevelFunctions() throws {
    let r = try Nixinv.run(["eval", "--arg", "a", "1 + 1", "--argstr", "b", "x", "-E", "{ a, b, c ? 3 }: [ a b c ]"])
    #expect(r.status == 0)
    #expect(r.stdout == "[ 2 \"x\" 3 ]\n")
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
