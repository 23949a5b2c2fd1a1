import { Page } from '../../ui/page';
import { PolicyForm } from './policy-form';

/** Create a compliance policy from a form per platform. */
export default function ComplianceNewPage() {
  return <Page title="New compliance policy"><PolicyForm /></Page>;
}
