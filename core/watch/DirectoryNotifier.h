#pragma once

#include <QHash>
#include <QObject>
#include <QSocketNotifier>
#include <memory>

namespace jobdeck {

// Tells of changes to the files of some directories, through Linux inotify. Unlike QFileSystemWatcher it names
// the file of each change and reports writes to files inside a watched directory, so a watched folder is never
// scanned again to find what changed, and a file being written is seen until its last write. Main thread only.
class DirectoryNotifier final : public QObject {
    Q_OBJECT
public:
    explicit DirectoryNotifier(QObject *parent = nullptr);
    ~DirectoryNotifier() override;

    bool isValid() const { return m_fd >= 0; }
    // Watches one directory (not its subdirectories). False with an error (the system's limit of watches, say).
    bool addDirectory(const QString &dir, QString *error = nullptr);
    int directoryCount() const { return int(m_dirs.size()); }

Q_SIGNALS:
    // A file was created, written, closed, moved in or had its attributes changed.
    void fileChanged(const QString &path);
    // A file was deleted or moved away.
    void fileRemoved(const QString &path);
    void directoryCreated(const QString &path);
    // The kernel's queue overflowed: changes were lost, the directories must be scanned again.
    void overflowed();

private:
    void readEvents();

    int m_fd = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QHash<int, QString> m_dirs; // watch descriptor -> directory
};

} // namespace jobdeck
