// The labs' web pages: LabPage (one lab, `/labs/:id`) and LabList (`/labs`).
export { LabPage } from './lab-page.tsx';
export { LabList } from './lab-list.tsx';
