import Foundation
import GaizaoModel
import GaizaoStore

/// `gaizao check`: reads files exactly as ingest would, but stores nothing.
public struct FileCheck {
    public var pipeline: Pipeline
    public var period: Period

    public init(pipeline: Pipeline, period: Period) {
        self.pipeline = pipeline
        self.period = period
    }

    /// One report per path, in the order given; a file byte-identical to an earlier one is a `duplicate-file`.
    public func run(paths: [String]) -> [FileReport] {
        let reader = SubmissionReader(pipeline: pipeline, period: period)
        var seen: [String: String] = [:]
        return paths.map { path in
            let submission: Submission
            if Submission.isOfficeFile((path as NSString).lastPathComponent) {
                // As ingest: the office's own files (the receipt log) are not submissions.
                var r = FileReport(submission: .unreadable(path: path))
                r.issues.append(Issue(.info, .fileFormat, file: r.submission.name,
                                      message: "以 _ 开头的文件（如 \(Submission.receiptLog)）是办公室自用的，入库时不读取，未检查"))
                return r
            }
            if let reason = Submission.refusal(path, folder: nil) {
                var r = FileReport(submission: .unreadable(path: path))
                r.rejected = true
                r.issues.append(.unreadable(file: r.submission.name, reason: reason))
                return r
            }
            do {
                submission = try Submission(path: path)
            } catch {
                var r = FileReport(submission: .unreadable(path: path))
                r.rejected = true
                r.issues.append(.unreadable(file: r.submission.name))
                return r
            }
            if let first = seen[submission.sha256] {
                var r = FileReport(submission: submission)
                r.copyOf = .duplicate
                r.issues.append(Issue(.warning, .duplicateFile, file: submission.name,
                                      message: "与“\(first)”内容完全相同，是重复报送"))
                return r
            }
            seen[submission.sha256] = submission.name
            do {
                return try reader.read(submission) { _ in }
            } catch {
                var r = FileReport(submission: submission)
                r.rejected = true
                r.issues.append(Issue(.error, .unreadableFile, file: submission.name,
                                      message: "读取中断：\(error.localizedDescription)"))
                return r
            }
        }
    }
}
