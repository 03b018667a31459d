// The manual page and the bash completion (`jobdeck help --man`, `jobdeck help --completion bash`) cover every
// command, subcommand and option that --help shows, read here from --help itself: the commands from the runner's
// help, the subcommands from each group's help, and the options from each command's.

#include "JobdeckProcess.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class HelpDocumentsTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;

    // Every "--option" at the start of an entry of a --help text.
    static QStringList options(const QString &help)
    {
        static const QRegularExpression s_entry(QStringLiteral("^  (?:-\\w, )?(--[\\w-]+)"), QRegularExpression::MultilineOption);
        QStringList found;
        for (auto it = s_entry.globalMatch(help); it.hasNext();)
            found << it.next().captured(1);
        return found;
    }

    // "jobdeck", "enqueue", ..., "schedule add", ...: every command that has options of its own.
    QStringList commands() const
    {
        const JobdeckProcess cli(m_db);
        const QString help = cli.run({QStringLiteral("--help")}).out;
        static const QRegularExpression s_list(QStringLiteral("Commands: (.*) \\(jobdeck COMMAND --help\\)"));
        const QStringList top = s_list.match(help).captured(1).split(QStringLiteral(", "), Qt::SkipEmptyParts);
        QStringList all;
        for (const QString &command : top) {
            const QString own = cli.run({command, QStringLiteral("--help")}).out;
            if (!own.contains(QLatin1String("\nCommands:\n"))) {
                all << command;
                continue;
            }
            static const QRegularExpression s_sub(QStringLiteral("^  (\\w+) "), QRegularExpression::MultilineOption);
            for (auto it = s_sub.globalMatch(own.section(QStringLiteral("\nCommands:\n"), 1)); it.hasNext();)
                all << command + u' ' + it.next().captured(1);
        }
        return all;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("jobs.db"));
    }

    void manualPageCoversEveryCommandAndOption()
    {
        const JobdeckProcess cli(m_db);
        const CliResult man = cli.run({QStringLiteral("help"), QStringLiteral("--man")});
        QCOMPARE(man.exitCode, 0);
        const QStringList all = commands();
        QVERIFY2(all.size() > 20, qPrintable(all.join(u',')));
        QVERIFY(all.contains(QStringLiteral("schedule next")));
        auto roff = [](QString text) { return text.replace(u'-', QLatin1String("\\-")); };
        for (const QString &command : all) {
            QVERIFY2(man.out.contains(QStringLiteral(".SS \"jobdeck %1 ").arg(roff(command))), qPrintable(command));
            const CliResult help = cli.run(command.split(u' ') + QStringList{QStringLiteral("--help")});
            QCOMPARE(help.exitCode, 0);
            const QStringList own = options(help.out);
            QVERIFY2(own.contains(QStringLiteral("--db")), qPrintable(command));
            for (const QString &option : own)
                QVERIFY2(man.out.contains(QStringLiteral("\\fB%1\\fR").arg(roff(option))), qPrintable(command + u' ' + option));
        }
        for (const QString &option : options(cli.run({QStringLiteral("--help")}).out))
            QVERIFY2(man.out.contains(QStringLiteral("\\fB%1\\fR").arg(roff(option))), qPrintable(option));
    }

    void completionOffersEveryCommandAndOption()
    {
        const JobdeckProcess cli(m_db);
        const CliResult bash = cli.run({QStringLiteral("help"), QStringLiteral("--completion"), QStringLiteral("bash")});
        QCOMPARE(bash.exitCode, 0);
        QVERIFY(bash.out.contains(QLatin1String("complete -F _jobdeck jobdeck")));
        for (const QString &command : commands()) {
            const QStringList words = command.split(u' ');
            // A subcommand is offered after its group; a command's options in the case for it.
            if (words.size() == 2)
                QVERIFY2(QRegularExpression(QStringLiteral("\"%1 \"\\)\\n\\s+choices=\"[^\"]*\\b%2\\b").arg(words[0], words[1]))
                             .match(bash.out).hasMatch(), qPrintable(command));
            const QString pattern = words.size() == 2 ? QStringLiteral("\"%1\")").arg(command) : QStringLiteral("\"%1 \"*)").arg(command);
            const qsizetype at = bash.out.indexOf(pattern);
            QVERIFY2(at > 0, qPrintable(command));
            const QString options = bash.out.mid(at).section(u'\n', 1, 1);
            for (const QString &option : ::HelpDocumentsTest::options(cli.run(words + QStringList{QStringLiteral("--help")}).out))
                QVERIFY2(options.contains(u' ' + option + u' ') || options.contains(u'"' + option + u' ')
                             || options.contains(u' ' + option + u'"'),
                         qPrintable(command + u' ' + option));
        }
    }
};

QTEST_GUILESS_MAIN(HelpDocumentsTest)
#include "tst_help_documents.moc"
