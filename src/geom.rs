//! Geometry shared by every stage: boxes in PDF points with a top-left origin.
//!
//! Coordinates follow pdfplumber's convention: `x0`/`x1` run left to right and
//! `top`/`bottom` run from the top edge of the page downwards, in points
//! (1/72 inch). Page indices start at `0`; printed page numbers start at `1`.

use serde::Serialize;

/// An axis-aligned box on one page, in points, origin at the page's top-left corner.
///
/// ```
/// use xxgk::geom::BBox;
/// let b = BBox::new(10.0, 20.0, 30.0, 26.0);
/// assert_eq!(b.width(), 20.0);
/// assert_eq!(b.center_x(), 20.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct BBox {
    /// Left edge.
    pub x0: f32,
    /// Top edge (distance from the top of the page).
    pub top: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge (distance from the top of the page).
    pub bottom: f32,
}

impl BBox {
    /// Builds a box from its left, top, right and bottom edges.
    pub fn new(x0: f32, top: f32, x1: f32, bottom: f32) -> BBox {
        BBox {
            x0,
            top,
            x1,
            bottom,
        }
    }

    /// Width in points.
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Height in points.
    pub fn height(&self) -> f32 {
        self.bottom - self.top
    }

    /// Horizontal centre.
    pub fn center_x(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }

    /// Vertical centre.
    pub fn center_y(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }

    /// The smallest box holding both.
    ///
    /// ```
    /// use xxgk::geom::BBox;
    /// let u = BBox::new(0.0, 0.0, 1.0, 1.0).union(&BBox::new(2.0, 2.0, 3.0, 3.0));
    /// assert_eq!(u, BBox::new(0.0, 0.0, 3.0, 3.0));
    /// ```
    pub fn union(&self, other: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(other.x0),
            top: self.top.min(other.top),
            x1: self.x1.max(other.x1),
            bottom: self.bottom.max(other.bottom),
        }
    }

    /// Length of the overlap of the two boxes' horizontal extents (0 when apart).
    pub fn x_overlap(&self, other: &BBox) -> f32 {
        (self.x1.min(other.x1) - self.x0.max(other.x0)).max(0.0)
    }

    /// Length of the overlap of the two boxes' vertical extents (0 when apart).
    pub fn y_overlap(&self, other: &BBox) -> f32 {
        (self.bottom.min(other.bottom) - self.top.max(other.top)).max(0.0)
    }
}
