#pragma once

#include <QFrame>
#include <QUrl>

class QLabel;
class QPushButton;

namespace jobdeck {

// A picture of an image file with "Open" and "Show in folder" under it. The file is read and scaled on a worker
// thread (QImageReader at the shown size), so showing it never holds up the window; until then, or when it cannot
// be read, a line says so. What the buttons open goes out through openRequested. Main thread only.
class ImagePreview final : public QFrame {
    Q_OBJECT
public:
    static constexpr int kSide = 220; // the longest edge shown, in device-independent pixels

    explicit ImagePreview(QWidget *parent = nullptr);

    // Starts reading `path` (nothing if it is already the one shown or being read).
    void setPath(const QString &path);
    QString path() const { return m_path; }
    bool hasImage() const { return m_loaded; }

Q_SIGNALS:
    void openRequested(const QUrl &url);
    void loaded(bool ok);

private:
    void show(const QImage &image, const QString &error);

    QString m_path;
    bool m_loaded = false;
    QLabel *m_image;
    QLabel *m_caption;
    QPushButton *m_open;
    QPushButton *m_folder;
};

} // namespace jobdeck
