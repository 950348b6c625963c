// The labs' web pages: LabPage (one lab, `/labs/:id`) and LabList (`/labs`), loaded lazily by
// main.tsx. LabShelf (the home page's list) is imported directly from ./lab-shelf.tsx.
export { LabPage } from './lab-page.tsx';
export { LabList } from './lab-list.tsx';
