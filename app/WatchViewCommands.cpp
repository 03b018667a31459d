#include "WatchCli.h"

#include "model/Duration.h"
#include "storage/StoreError.h"
#include "watch/WatchJson.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>

namespace jobdeck::WatchCli {

namespace {

constexpr int kShowSkips = 50;
constexpr int kFileVersions = 100;

QString patternsText(const WatchSpec &s)
{
    return s.patterns.isEmpty() ? QStringLiteral("*") : s.patterns.join(u',');
}

} // namespace

int list(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the watched folders and what they did."));
    parser.addPositionalArgument(QStringLiteral("watch list"), QStringLiteral("The command."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON array.")});
    Session session;
    if (!parse(parser, arguments, 2, session))
        return ExitBadInput;
    if (!open(session))
        return ExitFailed;
    std::vector<WatchRecord> watches;
    try {
        watches = session.reader->watches();
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const WatchRecord &w : watches)
            array.append(WatchJson::watch(w));
        printJson(array);
        return ExitOk;
    }
    if (watches.empty()) {
        out() << "no watches (add one with jobdeck watch add NAME DIR --kind K)" << Qt::endl;
        return ExitOk;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("STATE"), QStringLiteral("ENQUEUED"), QStringLiteral("DONE"),
                             QStringLiteral("FAILED"), QStringLiteral("SKIPPED"), QStringLiteral("RUNS"),
                             QStringLiteral("FOLDER")}};
    for (const WatchRecord &w : watches) {
        rows << QStringList{w.spec.name,
                            w.paused ? QStringLiteral("paused") : QStringLiteral("active"),
                            QString::number(w.enqueued),
                            QString::number(w.done),
                            QString::number(w.failed),
                            QString::number(w.skipped),
                            w.spec.target(),
                            QStringLiteral("%1/%2%3").arg(w.spec.dir, w.spec.recursive ? QStringLiteral("**/") : QString(),
                                                          patternsText(w.spec))};
    }
    printTable(rows);
    return ExitOk;
}

int show(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show a watched folder with its skipped files and their reasons."));
    parser.addPositionalArgument(QStringLiteral("watch show"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The watch."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON object.")});
    Session session;
    if (!parse(parser, arguments, 3, session))
        return ExitBadInput;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 3)
        return fail(ExitBadInput, QStringLiteral("usage: jobdeck watch show NAME [--json]"));
    const auto w = find(session, positional[2]);
    if (!w)
        return ExitFailed;
    std::vector<WatchSkip> skips;
    try {
        skips = session.reader->skips(w->id, kShowSkips);
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o = WatchJson::watch(*w);
        QJsonArray skipped;
        for (const WatchSkip &s : skips)
            skipped.append(WatchJson::skip(s));
        o.insert(QStringLiteral("skipped_files"), skipped);
        printJson(o);
        return ExitOk;
    }
    const WatchSpec &s = w->spec;
    out() << QStringLiteral("watch %1 (%2)\n").arg(s.name, w->paused ? QStringLiteral("paused") : QStringLiteral("active"));
    out() << QStringLiteral("  folder    %1%2\n").arg(s.dir, s.recursive ? QStringLiteral(" and its subfolders") : QString());
    out() << QStringLiteral("  patterns  %1\n").arg(patternsText(s));
    out() << QStringLiteral("  runs      %1\n").arg(s.target());
    if (s.definition.isEmpty() && s.job.payload != "{}")
        out() << QStringLiteral("  payload   %1\n").arg(QString::fromUtf8(s.job.payload));
    out() << QStringLiteral("  settle    %1\n").arg(formatDuration(s.settleMs));
    out() << QStringLiteral("  after     %1\n").arg(afterActionName(s.after));
    out() << QStringLiteral("  max size  %1 bytes\n").arg(s.maxSize);
    out() << QStringLiteral("  files     %1 enqueued, %2 done, %3 failed, %4 skipped\n")
                 .arg(w->enqueued)
                 .arg(w->done)
                 .arg(w->failed)
                 .arg(w->skipped);
    if (!skips.empty()) {
        out() << "\nskipped files (newest first):\n";
        QList<QStringList> rows;
        for (const WatchSkip &k : skips)
            rows << QStringList{QStringLiteral("  ") + QDir(s.dir).relativeFilePath(k.path), skipReasonText(k.reason), k.detail};
        printTable(rows);
    }
    out().flush();
    return ExitOk;
}

int files(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Show which jobs a file of a watched folder started, with their state and result (where it went after its job, too)."));
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("The file, where it was found or where it went."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON array, newest version first.")});
    Session session;
    if (!parse(parser, arguments, 2, session))
        return ExitBadInput;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return fail(ExitBadInput, QStringLiteral("usage: jobdeck files PATH [--json]"));
    const QString path = QDir::cleanPath(QFileInfo(positional[1]).absoluteFilePath());
    if (!open(session))
        return ExitFailed;
    std::vector<WatchedFile> versions;
    try {
        versions = session.reader->filesAt(path, kFileVersions);
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const WatchedFile &f : versions)
            array.append(WatchJson::file(f));
        printJson(array);
        return ExitOk;
    }
    if (versions.empty())
        return fail(ExitFailed, QStringLiteral("no job was started by %1").arg(path));
    for (const WatchedFile &f : versions) {
        out() << QStringLiteral("%1 (watch %2)\n").arg(f.path, f.watchName);
        out() << QStringLiteral("  version   %1 bytes, modified %2, fingerprint %3\n")
                     .arg(f.size)
                     .arg(formatIsoTime(f.mtimeMs), f.fingerprint.left(12));
        out() << QStringLiteral("  job       %1 %2 (%3)\n")
                     .arg(f.jobId > 0 ? QString::number(f.jobId) : QStringLiteral("(deleted)"), f.jobKind,
                          f.jobState.isEmpty() ? QStringLiteral("gone") : f.jobState);
        if (!f.jobResult.isEmpty())
            out() << QStringLiteral("  result    %1\n").arg(QString::fromUtf8(f.jobResult));
        if (!f.disposition.isEmpty())
            out() << QStringLiteral("  file      %1%2\n").arg(f.disposition, f.movedTo.isEmpty() ? QString() : QStringLiteral(" -> ") + f.movedTo);
    }
    out().flush();
    return ExitOk;
}

} // namespace jobdeck::WatchCli
