// Opening a database that cannot be used: each refusal is one clear line naming the file and the problem, and
// the file is left exactly as it was.

#include "CoreTestSupport.h"

#include <QDir>
#include <QRandomGenerator>
#include <QtTest>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// The message of the StoreError that opening `path` throws; empty if it opened.
QString openError(const QString &path)
{
    try {
        auto store = SqliteStore::open(path);
    } catch (const StoreError &e) {
        return e.message();
    }
    return {};
}

QStringList sidecars(const QString &path)
{
    QStringList out;
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
        if (QFile::exists(path + suffix))
            out << path + suffix;
    }
    return out;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Root ignores permission bits, so a 0444 file is writable to it. The immutable attribute binds root too.
bool setImmutable(const QString &path, bool on)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY);
    if (fd < 0)
        return false;
    int flags = 0;
    bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    ::close(fd);
    return ok;
}

} // namespace

class TestStoreOpen : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void createsNewDatabaseAndReopensIt();
    void refusesPathInMissingDirectory();
    void refusesFileOfGarbageBytesWithoutTouchingIt();
    void refusesSqliteDatabaseOfAnotherApplication();
    void refusesReadOnlyFile();
    void refusesCorruptJobdeckDatabaseWithoutTouchingIt();
    void refusesDirectory();
};

void TestStoreOpen::createsNewDatabaseAndReopensIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("new.db"));
    qint64 id = 0;
    {
        auto store = SqliteStore::open(path);
        QCOMPARE(store->location(), QFileInfo(path).absoluteFilePath());
        const BatchResult r = store->apply({EnqueueJob{makeSpec(QStringLiteral("noop")), 1000}});
        QVERIFY(r.ok);
        id = r.results.front().jobId;
    }
    QVERIFY(QFile::exists(path));
    auto store = SqliteStore::open(path);
    QVERIFY(store->openReader()->job(id).has_value());
}

void TestStoreOpen::refusesPathInMissingDirectory()
{
    QTemporaryDir dir;
    const QString missingDir = dir.filePath(QStringLiteral("no/such/dir"));
    const QString path = missingDir + QStringLiteral("/jobs.db");
    const QString message = openError(path);
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("does not exist")), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), qPrintable(message));
    QVERIFY(!QFileInfo::exists(missingDir)); // nothing was created on the way
}

void TestStoreOpen::refusesFileOfGarbageBytesWithoutTouchingIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("garbage.db"));
    QByteArray bytes(64 * 1024, '\0');
    QRandomGenerator rng(1234);
    rng.fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / qsizetype(sizeof(quint32)));
    QVERIFY(writeFile(path, bytes));
    const QByteArray before = fileHash(path);

    const QString message = openError(path);
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("not a SQLite database")), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), qPrintable(message));
    QCOMPARE(fileHash(path), before);
    QCOMPARE(sidecars(path), QStringList());
}

void TestStoreOpen::refusesSqliteDatabaseOfAnotherApplication()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("other.db"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other-app"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO contacts (name) VALUES ('Ada'), ('Grace')")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other-app"));
    const QByteArray before = fileHash(path);

    const QString message = openError(path);
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("another application")), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), qPrintable(message));
    QCOMPARE(fileHash(path), before);
    QCOMPARE(sidecars(path), QStringList());
    // Their data is still there and still theirs.
    QCOMPARE(scalar(path, QStringLiteral("SELECT count(*) FROM contacts")), qint64(2));
    QCOMPARE(scalar(path, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'jobs'")), qint64(0));
}

void TestStoreOpen::refusesReadOnlyFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("readonly.db"));
    qint64 id = 0;
    {
        auto store = SqliteStore::open(path);
        const BatchResult r = store->apply({EnqueueJob{makeSpec(QStringLiteral("noop")), 1000}});
        QVERIFY(r.ok);
        id = r.results.front().jobId;
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    bool immutable = false;
    auto restore = qScopeGuard([&] {
        if (immutable)
            setImmutable(path, false);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    });
    if (::geteuid() == 0) {
        // Root may write a 0444 file, so the mode alone makes nothing read-only here.
        immutable = setImmutable(path, true);
        if (!immutable)
            QSKIP("running as root on a file system without the immutable attribute: a read-only file cannot be made");
    }
    const QByteArray before = fileHash(path);

    const QString message = openError(path);
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("read-only")), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), qPrintable(message));
    QCOMPARE(fileHash(path), before);
    QVERIFY(id > 0);
}

void TestStoreOpen::refusesCorruptJobdeckDatabaseWithoutTouchingIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("corrupt.db"));
    {
        auto store = SqliteStore::open(path);
        WriteBatch batch;
        const QString filler(400, u'x');
        for (int i = 0; i < 300; ++i)
            batch.push_back(EnqueueJob{makeSpec(QStringLiteral("noop"), {{QStringLiteral("filler"), filler}}), 1000});
        QVERIFY(store->apply(std::move(batch)).ok);
    }
    QCOMPARE(sidecars(path), QStringList()); // closed cleanly: everything is in the main file
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 size = file.size();
    QVERIFY2(size > 40 * 4096, qPrintable(QString::number(size)));
    // Scribble over pages in the middle of the file, never page 1 (the header would make it "not SQLite").
    QRandomGenerator rng(99);
    for (qint64 page = 5; page * 4096 < size - 4096; page += 7) {
        QByteArray junk(4096, '\0');
        rng.fillRange(reinterpret_cast<quint32 *>(junk.data()), junk.size() / qsizetype(sizeof(quint32)));
        QVERIFY(file.seek(page * 4096));
        QCOMPARE(file.write(junk), qint64(junk.size()));
    }
    file.close();
    const QByteArray before = fileHash(path);

    const QString message = openError(path);
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("corrupt")), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), qPrintable(message));
    QCOMPARE(fileHash(path), before);
    // Nothing is left beside it: no write-ahead log, no shared-memory file.
    QCOMPARE(sidecars(path), QStringList());
}

void TestStoreOpen::refusesDirectory()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a-directory.db"));
    QVERIFY(QDir().mkdir(path));
    const QString message = openError(path);
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("directory")), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestStoreOpen)
#include "tst_storeopen.moc"
