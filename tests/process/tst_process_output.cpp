#include "JobdeckProcess.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// The runner's peak resident memory so far, from /proc; -1 if it cannot be read.
qint64 peakRssBytes(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024; // in kB
    }
    return -1;
}

bool isFinal(const QString &state)
{
    return state == QLatin1String("succeeded") || state == QLatin1String("dead")
        || state == QLatin1String("cancelled");
}

} // namespace

// A job whose program floods its output without newlines: the headless runner's memory stays bounded.
class ProcessOutputTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup()
    {
        if (m_runner.state() != QProcess::NotRunning) {
            m_runner.kill();
            m_runner.waitForFinished();
        }
    }

    void floodWithoutNewlinesKeepsTheRunnerSmall_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<QString>("level");
        QTest::newRow("stdout") << QString() << QStringLiteral("info");
        QTest::newRow("stderr") << QStringLiteral(" >&2") << QStringLiteral("error");
    }

    void floodWithoutNewlinesKeepsTheRunnerSmall()
    {
        QFETCH(QString, redirect);
        QFETCH(QString, level);
        QVERIFY(m_dir.isValid());
        JobdeckProcess cli(m_dir.filePath(QStringLiteral("flood-%1.db").arg(QTest::currentDataTag())));
        // 300 MB of 'x' and not one newline.
        const QString command = QStringLiteral("head -c 300000000 /dev/zero | tr '\\0' x") + redirect;
        const QJsonObject payload{{QStringLiteral("program"), QStringLiteral("/bin/sh")},
                                  {QStringLiteral("args"), QJsonArray{QStringLiteral("-c"), command}}};
        const qint64 id = cli.enqueue({QStringLiteral("process"), QStringLiteral("--payload"),
                                       QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact))});
        QVERIFY(id > 0);
        cli.startRunner(m_runner);
        QVERIFY(m_runner.state() == QProcess::Running);

        QJsonObject job;
        QTRY_VERIFY_WITH_TIMEOUT(isFinal((job = cli.show(id)).value(QLatin1String("state")).toString()), 240'000);
        // Read while the runner still runs: its peak over the whole job.
        const qint64 peak = peakRssBytes(m_runner.processId());
        qInfo("runner peak RSS with 300 MB on %s: %.1f MB", QTest::currentDataTag(), double(peak) / (1 << 20));
        QVERIFY(peak > 0);
        QVERIFY2(peak < 100LL * 1024 * 1024, qPrintable(QStringLiteral("peak RSS %1 bytes").arg(peak)));

        QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
        // The whole flood is one log line, cut where the README says.
        const QJsonArray log = job.value(QLatin1String("log")).toArray();
        QCOMPARE(log.size(), 1);
        const QJsonObject line = log.first().toObject();
        QCOMPARE(line.value(QLatin1String("level")).toString().toLower(), level);
        const QString text = line.value(QLatin1String("text")).toString();
        QVERIFY2(text.startsWith(QString(4000, u'x') + QStringLiteral(" … [line cut at 4000 characters]")),
                 qPrintable(text.right(100)));

        m_runner.terminate(); // SIGTERM: a graceful stop
        QVERIFY(m_runner.waitForFinished(30'000));
        QCOMPARE(m_runner.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_runner.exitCode(), 0);
    }

private:
    QTemporaryDir m_dir;
    QProcess m_runner;
};

QTEST_GUILESS_MAIN(ProcessOutputTest)
#include "tst_process_output.moc"
