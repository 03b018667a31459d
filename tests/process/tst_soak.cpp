#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

// A short crash-and-kill soak: jobdeck-soak kills the real runner ten times over a thousand jobs, then drains.
class SoakTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tenKillsLoseNothingRerunNothingAndCorruptNothing()
    {
        QProcess soak;
        soak.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its progress lines go to the test log
        soak.start(QStringLiteral(JOBDECK_SOAK),
                   {QStringLiteral("--kills"), QStringLiteral("10"), QStringLiteral("--jobs"), QStringLiteral("1000"),
                    QStringLiteral("--json"), QStringLiteral("--jobdeck"), QStringLiteral(JOBDECK_BINARY)});
        QVERIFY2(soak.waitForStarted(), qPrintable(soak.errorString()));
        const bool finished = soak.waitForFinished(110'000);
        if (!finished) {
            soak.kill();
            soak.waitForFinished();
        }
        const QStringList lines = QString::fromUtf8(soak.readAllStandardOutput()).trimmed().split(u'\n');
        for (const QString &line : lines)
            qInfo().noquote() << line;
        QVERIFY2(finished, "jobdeck-soak did not finish within 110 s");

        const QJsonObject figures = QJsonDocument::fromJson(lines.constLast().toUtf8()).object();
        QVERIFY2(!figures.isEmpty(), "the last line of jobdeck-soak --json is not a JSON object");
        QCOMPARE(figures.value(QLatin1String("jobs")).toInt(), 1000);
        QCOMPARE(figures.value(QLatin1String("kills")).toInt(), 10);
        QCOMPARE(figures.value(QLatin1String("lost")).toInt(-1), 0);
        QCOMPARE(figures.value(QLatin1String("rerun_completed")).toInt(-1), 0);
        QCOMPARE(figures.value(QLatin1String("restarted_from_zero")).toInt(-1), 0);
        QCOMPARE(figures.value(QLatin1String("integrity_failures")).toInt(-1), 0);
        QCOMPARE(soak.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(SoakTest)
#include "tst_soak.moc"
