#pragma once

#include <QColor>
#include <QWidget>

namespace jobdeck {

// A dashboard tile: what it counts, the figure large, a line of detail, and a coloured mark. Clicking it (or
// Enter when it has the focus) opens the view behind the figure.
class StatTile final : public QWidget {
    Q_OBJECT
public:
    StatTile(const QString &title, QWidget *parent = nullptr);

    void setValue(const QString &value);
    void setCaption(const QString &caption);
    // The mark's colour; invalid: the palette's quiet text colour.
    void setAccent(const QColor &color);
    QString value() const { return m_value; }
    QString title() const { return m_title; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void activated();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void enterEvent(QEnterEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QString m_title;
    QString m_value = QStringLiteral("—");
    QString m_caption;
    QColor m_accent;
    bool m_hovered = false;
};

} // namespace jobdeck
