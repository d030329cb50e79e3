import { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { GoldenPathsTemplateList } from './GoldenPathsTemplateList';
import { DeprecationNotice } from './DeprecationNotice';

/**
 * Replaces the scaffolder's template list with the golden-path gallery and keeps its wizard:
 * every path below the index goes to the scaffolder's own element, which routes the rest.
 */
export function TemplatesSubPage(props: { scaffolderTemplates: ReactNode }) {
  return (
    <Routes>
      <Route index element={<GoldenPathsTemplateList />} />
      <Route
        path="*"
        element={
          <>
            <DeprecationNotice />
            {props.scaffolderTemplates}
          </>
        }
      />
    </Routes>
  );
}
