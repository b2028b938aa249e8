import Foundation
import Glibc
import Testing

@testable import MamoriAgentKit

/// ``ChildProcess``: output and errors read apart, the exit status, the deadline, no descriptor of ours in the child —
/// and no crash in a process with thousands of descriptors open (Foundation's `Process.run()` dies there).
@Suite struct ChildProcessTests {
    @Test func outputErrorsAndStatusAreReadApart() throws {
        let finished = try ChildProcess.run(["/bin/sh", "-c", "echo 出力; echo エラー >&2; exit 3"], timeout: .seconds(30))
        #expect(finished.termination == .exited(3) && !finished.succeeded)
        #expect(finished.outputText == "出力\n")
        #expect(finished.errorText == "エラー\n")
        let fine = try ChildProcess.run(
            ["/bin/sh", "-c", "pwd; printf %s \"$MAMORI_CHILD\""], environment: ["MAMORI_CHILD": "値"], directory: "/tmp", timeout: .seconds(30))
        #expect(fine.succeeded && fine.outputText == "/tmp\n値")
    }

    @Test func aProgramPastItsDeadlineIsKilledAndReported() throws {
        let started = ContinuousClock.now
        #expect(throws: ChildProcess.Failure.self) { try ChildProcess.run(["/bin/sleep", "30"], timeout: .milliseconds(300)) }
        #expect(ContinuousClock.now - started < .seconds(10))
        let missing = #expect(throws: ChildProcess.Failure.self) { try ChildProcess.run(["/nonexistent/program"], timeout: .seconds(5)) }
        #expect(missing?.description.contains("/nonexistent/program") == true)
    }

    @Test func theChildGetsNoDescriptorButItsOwnEvenWithThousandsOpen() throws {
        // Enough descriptors that /proc/self/fd's entries fill glibc's 32 KB directory buffer to its end.
        var opened: [Int32] = []
        defer { opened.forEach { close($0) } }
        for _ in 0..<3_000 {
            let descriptor = open("/dev/null", O_RDONLY)
            guard descriptor >= 0 else { break }
            opened.append(descriptor)
        }
        try #require(opened.count > 1_500, "the limit of open files here is too low for this test (\(opened.count))")
        for _ in 0..<20 {
            let listed = try ChildProcess.run(["/bin/ls", "/proc/self/fd"], timeout: .seconds(30))
            let descriptors = listed.outputText.split(separator: "\n").compactMap { Int($0) }
            #expect(listed.succeeded && descriptors.allSatisfy { $0 <= 3 }, "the child holds \(descriptors.count) descriptors")
        }
        let helper = try ChildProcess.start(["/bin/sleep", "30"])
        #expect(helper.isRunning)
        helper.kill()
        #expect(helper.wait() == .signaled(SIGKILL))
    }
}
