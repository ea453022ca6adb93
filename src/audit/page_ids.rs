//! The ids a page's links may point to (`#anchor`), packed: they are kept
//! for every page of a site until its links are checked, and a `String`
//! each in a hash set was four times their length.

use std::cmp::Ordering;

/// The ids of one page's elements (and its `<a name>`s): one text, and where
/// each id ends in it. Sorted, each id once, when the scan is done
/// ([`PageIds::seal`]), so that a link's anchor is found by bisection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageIds {
    text: String,
    ends: Vec<usize>,
    sealed: bool,
}

impl PageIds {
    pub fn insert(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
        self.sealed = false;
    }

    pub fn extend(&mut self, other: &PageIds) {
        other.iter().for_each(|id| self.insert(id));
    }

    /// The `n`th id.
    fn get(&self, n: usize) -> &str {
        let start = n.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[n]]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.ends.len()).map(|n| self.get(n))
    }

    pub fn contains(&self, id: &str) -> bool {
        if !self.sealed {
            return self.iter().any(|known| known == id);
        }
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.get(middle).cmp(id) {
                Ordering::Less => low = middle + 1,
                Ordering::Greater => high = middle,
                Ordering::Equal => return true,
            }
        }
        false
    }

    /// Sort the ids, keep each once, and give back what was reserved.
    pub fn seal(&mut self) {
        let mut ids: Vec<&str> = self.iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let mut sealed = PageIds {
            text: String::with_capacity(ids.iter().map(|id| id.len()).sum()),
            ends: Vec::with_capacity(ids.len()),
            sealed: false,
        };
        ids.into_iter().for_each(|id| sealed.insert(id));
        sealed.sealed = true;
        *self = sealed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_before_and_after_sealing_each_once() {
        let mut ids = PageIds::default();
        for id in ["top", "b", "", "é-heading", "b", "a"] {
            ids.insert(id);
        }
        assert!(ids.contains("é-heading") && !ids.contains("c"));
        ids.seal();
        assert_eq!(
            ids.iter().collect::<Vec<_>>(),
            ["", "a", "b", "top", "é-heading"]
        );
        for id in ["", "a", "b", "top", "é-heading"] {
            assert!(ids.contains(id), "{id}");
        }
        for id in ["c", "to", "topp", "B"] {
            assert!(!ids.contains(id), "{id}");
        }
        let mut same = PageIds::default();
        ["a", "top", "é-heading", "b", ""]
            .iter()
            .for_each(|id| same.insert(id));
        same.seal();
        assert_eq!(ids, same, "the same ids are equal whatever their order");
        assert!(!PageIds::default().contains(""));
    }
}
