#include "widgets/ImagePreview.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace jobdeck {

namespace {

struct Read {
    QImage image;
    QString error;
};

// On a worker: only as many pixels as will be shown are decoded.
Read readScaled(const QString &path, int side)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid() && (size.width() > side || size.height() > side))
        reader.setScaledSize(size.scaled(side, side, Qt::KeepAspectRatio));
    Read r;
    r.image = reader.read();
    if (r.image.isNull())
        r.error = reader.errorString();
    return r;
}

} // namespace

ImagePreview::ImagePreview(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("imagePreview"));
    setProperty("card", true);
    m_image = new QLabel(this);
    m_image->setObjectName(QStringLiteral("previewImage"));
    m_image->setAlignment(Qt::AlignCenter);
    m_image->setMinimumSize(kSide / 2, kSide / 2);
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("previewCaption"));
    m_caption->setAlignment(Qt::AlignCenter);
    m_caption->setWordWrap(true);
    m_caption->setForegroundRole(QPalette::PlaceholderText);
    m_open = new QPushButton(tr("Open"), this);
    m_open->setObjectName(QStringLiteral("previewOpen"));
    m_open->setToolTip(tr("Open the image with the desktop's viewer"));
    m_folder = new QPushButton(tr("Show in folder"), this);
    m_folder->setObjectName(QStringLiteral("previewShowInFolder"));
    m_folder->setToolTip(tr("Open the folder that holds the image"));
    connect(m_open, &QPushButton::clicked, this, [this] { Q_EMIT openRequested(QUrl::fromLocalFile(m_path)); });
    connect(m_folder, &QPushButton::clicked, this,
            [this] { Q_EMIT openRequested(QUrl::fromLocalFile(QFileInfo(m_path).absolutePath())); });
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_open);
    buttons->addWidget(m_folder);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 10, 10, 10);
    layout->addWidget(m_image, 1);
    layout->addWidget(m_caption);
    layout->addLayout(buttons);
    setFixedWidth(kSide + 40);
}

void ImagePreview::setPath(const QString &path)
{
    if (path == m_path)
        return;
    m_path = path;
    m_loaded = false;
    m_image->clear();
    m_caption->setText(tr("Loading %1…").arg(QFileInfo(path).fileName()));
    m_open->setEnabled(false);
    m_folder->setEnabled(!path.isEmpty());
    const int side = int(kSide * devicePixelRatioF());
    auto *watcher = new QFutureWatcher<Read>(this);
    connect(watcher, &QFutureWatcher<Read>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        if (path == m_path) // not replaced by another meanwhile
            show(watcher->result().image, watcher->result().error);
    });
    watcher->setFuture(QtConcurrent::run(readScaled, path, side));
}

void ImagePreview::show(const QImage &image, const QString &error)
{
    m_loaded = !image.isNull();
    m_open->setEnabled(m_loaded);
    if (!m_loaded) {
        m_caption->setText(tr("%1 cannot be shown: %2").arg(QFileInfo(m_path).fileName(), error));
        Q_EMIT loaded(false);
        return;
    }
    QPixmap pixmap = QPixmap::fromImage(image);
    pixmap.setDevicePixelRatio(devicePixelRatioF());
    m_image->setPixmap(pixmap);
    m_caption->setText(QFileInfo(m_path).fileName());
    Q_EMIT loaded(true);
}

} // namespace jobdeck
